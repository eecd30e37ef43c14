package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"
)

const (
	csrfField = "csrf"
	// preCookie carries a random value before login, so the login form
	// has a CSRF token too (login CSRF would log a victim into the
	// attacker's account).
	preCookie = "zwgk_pre"
	// bcryptCost: about 0.1–0.3 s per login on a server core; the login
	// rate limit keeps that from being a lever for load.
	bcryptCost = 12
	// maxPassword is bcrypt's input limit.
	maxPassword = 72
)

// sessionCookie is __Host-prefixed when Secure, which pins it to this host
// and path / so a sibling subdomain cannot plant one.
func (s *server) sessionCookie() string {
	if s.cfg.InsecureCookies {
		return "zwgk_session"
	}
	return "__Host-zwgk_session"
}

// HashPassword hashes a password for storage (bcrypt).
func HashPassword(pw string) (string, error) {
	if len(pw) > maxPassword {
		return "", errPasswordTooLong
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcryptCost)
	return string(h), err
}

var errPasswordTooLong = &passwordError{"password longer than 72 bytes"}

type passwordError struct{ msg string }

func (e *passwordError) Error() string { return e.msg }

// GeneratePassword returns a random 20-character password (about 119 bits).
func GeneratePassword() string {
	const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 20)
	for i := range b {
		b[i] = alphabet[randIndex(len(alphabet))]
	}
	return string(b)
}

func randIndex(n int) int {
	// Rejection sampling keeps the distribution uniform.
	var buf [1]byte
	limit := 256 - 256%n
	for {
		rand.Read(buf[:])
		if int(buf[0]) < limit {
			return int(buf[0]) % n
		}
	}
}

// dummyHash makes a login for an unknown user cost as much as one for a
// known user, so response time does not tell which names exist.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("zwgk-dummy-password"), bcryptCost)

func newToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// csrfFor derives the form token from the session (or pre-login) secret:
// HMAC keeps the secret itself out of the page, and the token needs no
// storage of its own.
func csrfFor(secret string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("zwgk csrf v1"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func checkCSRF(want, got string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}

// session finds the logged-in user from the cookie or a bearer token; nil
// when there is none or it expired.
func (s *server) session(r *http.Request) (*request, error) {
	token := ""
	if c, err := r.Cookie(s.sessionCookie()); err == nil {
		token = c.Value
	} else if a := r.Header.Get("Authorization"); strings.HasPrefix(a, "Bearer ") {
		token = strings.TrimSpace(strings.TrimPrefix(a, "Bearer "))
	}
	if token == "" || len(token) > 128 {
		return nil, nil
	}
	u, exp, ok := s.sessions.get(token)
	if !ok {
		var err error
		u, exp, err = s.b.SessionUser(r.Context(), token)
		if isNotFound(err) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		s.sessions.put(token, u, exp)
	}
	if !s.cfg.Now().Before(exp) {
		return nil, nil
	}
	return &request{user: &u, token: token, csrf: csrfFor(token), expires: exp}, nil
}

// clientIP is the peer address, or the proxy's report of it when the
// portal runs behind one.
func (s *server) clientIP(r *http.Request) string {
	if s.cfg.BehindProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			return strings.TrimSpace(parts[len(parts)-1])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *server) loginForm(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if rq, err := s.session(r); err == nil && rq != nil {
		http.Redirect(w, r, "/cycles", http.StatusSeeOther)
		return
	}
	s.renderLogin(w, r, http.StatusOK, "", r.URL.Query().Get("next"))
}

func (s *server) renderLogin(w http.ResponseWriter, r *http.Request, status int, msg, next string) {
	pre := ""
	if c, err := r.Cookie(preCookie); err == nil && len(c.Value) == 43 {
		pre = c.Value
	} else {
		pre = newToken()
		http.SetCookie(w, &http.Cookie{Name: preCookie, Value: pre, Path: "/login", HttpOnly: true,
			Secure: !s.cfg.InsecureCookies, SameSite: http.SameSiteStrictMode, MaxAge: 3600})
	}
	s.render(w, r, nil, status, "login", map[string]any{
		"CSRF": csrfFor(pre), "Message": msg, "Next": safeNext(next),
	})
}

// safeNext keeps a post-login redirect on this site: a local path only.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/cycles"
	}
	u, err := url.Parse(next)
	if err != nil || u.Host != "" || u.Scheme != "" {
		return "/cycles"
	}
	return next
}

func (s *server) login(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	name := strings.TrimSpace(r.PostFormValue("name"))
	pw := r.PostFormValue("password")
	next := r.PostFormValue("next")
	c, err := r.Cookie(preCookie)
	if err != nil || !checkCSRF(csrfFor(c.Value), r.PostFormValue(csrfField)) {
		s.renderLogin(w, r, http.StatusForbidden, "表单已失效，请重新登录。", next)
		return
	}
	u, status := s.authenticate(r, name, pw)
	if status != http.StatusOK {
		msg := "用户名或密码错误。"
		switch status {
		case statusAddressLocked:
			status = http.StatusTooManyRequests
			msg = fmt.Sprintf("此网络地址登录失败次数过多，已暂停登录，请 %d 分钟后再试。", int(s.cfg.LoginWindow.Minutes()))
			w.Header().Set("Retry-After", strconv.Itoa(int(s.cfg.LoginWindow.Seconds())))
		case http.StatusTooManyRequests:
			msg = "登录失败次数过多，请稍后再试。"
			w.Header().Set("Retry-After", strconv.Itoa(int(s.cfg.LoginWindow.Seconds())))
		case http.StatusServiceUnavailable:
			msg = msgLoginBusy
			w.Header().Set("Retry-After", "2")
		}
		s.renderLogin(w, r, status, msg, next)
		return
	}
	token, exp, err := s.startSession(r, u)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: s.sessionCookie(), Value: token, Path: "/", HttpOnly: true,
		Secure: !s.cfg.InsecureCookies, SameSite: http.SameSiteLaxMode, Expires: exp,
		MaxAge: int(s.cfg.SessionTTL / time.Second)})
	http.SetCookie(w, &http.Cookie{Name: preCookie, Value: "", Path: "/login", MaxAge: -1,
		HttpOnly: true, Secure: !s.cfg.InsecureCookies})
	http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
}

// msgLoginBusy answers a login that found every password hasher taken.
const msgLoginBusy = "当前登录人数较多，请稍后再试。"

// statusAddressLocked is authenticate's answer when the client's address
// is locked out across user names (shown as 429 with its own message).
const statusAddressLocked = 1429

// authenticate checks a name and password under the rate limits, the
// password in the bounded hash pool; the status is 200, 401, 503 (no
// hasher free in time), 429 (this name from this address) or
// statusAddressLocked (this address, whatever the name: one address
// trying one password on every user name).
func (s *server) authenticate(r *http.Request, name, pw string) (User, int) {
	ip := s.clientIP(r)
	key := ip + "\x00" + strings.ToLower(name)
	now := s.cfg.Now()
	if !s.ipLimit.allow(ip, now) {
		s.log.Warn("login refused: address locked out", "ip", ip)
		return User{}, statusAddressLocked
	}
	if !s.limiter.allow(key, now) {
		return User{}, http.StatusTooManyRequests
	}
	u, err := s.b.UserByName(r.Context(), name)
	hash := []byte(u.PasswordHash)
	if err != nil || name == "" {
		hash = dummyHash
	}
	bad := len(pw) > maxPassword
	if !bad {
		switch cerr := s.hashers.check(r.Context(), hash, []byte(pw)); {
		case errors.Is(cerr, errLoginBusy):
			// Neither a failure nor a success: the login was not tried.
			s.log.Warn("login refused: every password hasher busy", "ip", ip)
			return User{}, http.StatusServiceUnavailable
		case cerr != nil:
			bad = true
		}
	}
	if bad || err != nil || name == "" {
		s.limiter.fail(key, now)
		// Not reset by a success: an attacker holding one account must
		// not clear the address's count by logging into it.
		s.ipLimit.fail(ip, now)
		// Failed logins of real accounts go to the (append-only) audit
		// log; guesses at names that do not exist only to the server log,
		// so nobody can fill the audit log by inventing names.
		if err == nil && name != "" {
			s.audit(r, name, "login-failed", "user:"+name, "", "")
		} else {
			s.log.Info("login failed for an unknown user", "ip", s.clientIP(r))
		}
		return User{}, http.StatusUnauthorized
	}
	s.limiter.reset(key)
	return u, http.StatusOK
}

func (s *server) startSession(r *http.Request, u User) (string, time.Time, error) {
	token := newToken()
	exp := s.cfg.Now().Add(s.cfg.SessionTTL)
	if err := s.b.CreateSession(r.Context(), u.Name, token, exp); err != nil {
		return "", exp, err
	}
	s.audit(r, u.Name, "login", "user:"+u.Name, "", "")
	return token, exp, nil
}

func (s *server) logout(w http.ResponseWriter, r *http.Request, rq *request) {
	s.sessions.drop(rq.token)
	if err := s.b.DeleteSession(r.Context(), rq.token); err != nil && !isNotFound(err) {
		s.serverError(w, r, err)
		return
	}
	s.audit(r, rq.user.Name, "logout", "user:"+rq.user.Name, "", "")
	http.SetCookie(w, &http.Cookie{Name: s.sessionCookie(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: !s.cfg.InsecureCookies, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// apiLogin gives office systems a bearer token: POST /api/session with
// {"name","password"}. No cookie is set, so the API needs no CSRF token.
func (s *server) apiLogin(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	var in struct {
		Name     string `json:"name"`
		Password string `json:"password"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(&in); err != nil {
		writeJSONError(w, http.StatusBadRequest)
		return
	}
	u, status := s.authenticate(r, strings.TrimSpace(in.Name), in.Password)
	if status == statusAddressLocked {
		w.Header().Set("Retry-After", strconv.Itoa(int(s.cfg.LoginWindow.Seconds())))
		writeJSONMessage(w, http.StatusTooManyRequests, "此网络地址登录失败次数过多，已暂停登录。")
		return
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "2")
		writeJSONMessage(w, status, msgLoginBusy)
		return
	}
	if status != http.StatusOK {
		writeJSONError(w, status)
		return
	}
	token, exp, err := s.startSession(r, u)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"token": token, "expires": exp.UTC()})
}

// audit records an entry; a failure to audit is logged, not shown, since
// the action it records has already happened.
func (s *server) audit(r *http.Request, user, action, object, before, after string) {
	e := AuditEntry{At: s.cfg.Now().UTC(), User: user, Action: action, Object: object, Before: before, After: after}
	if action == "login" || action == "login-failed" {
		e.After = "ip " + s.clientIP(r)
	}
	if err := s.b.Audit(r.Context(), e); err != nil {
		s.log.Error("audit", "entry", e, "err", err)
	}
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
