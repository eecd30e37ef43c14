package crawler

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"strings"
	"syscall"

	"github.com/gocolly/colly/v2"

	"zwgk"
)

// Classify turns a fetch error and HTTP status into a failure cause. A 403
// is "blocked": government sites answer it to crawlers they refuse, and an
// agency must hear that its site refused the assessment, not that it has no
// columns.
func Classify(err error, status int) zwgk.Cause {
	if err == nil {
		switch {
		case status == http.StatusForbidden:
			return zwgk.CauseBlocked
		case status >= 400:
			return zwgk.CauseStatus
		case status == 0:
			return zwgk.CauseOther
		}
		return zwgk.CauseNone
	}
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidErr x509.CertificateInvalidError
	var recordErr tls.RecordHeaderError
	var netErr net.Error
	switch {
	case errors.Is(err, errAddress):
		return zwgk.CauseAddress
	case errors.Is(err, errOffsite):
		return zwgk.CauseOffsite
	case errors.Is(err, errTooLarge):
		return zwgk.CauseTooLarge
	case errors.Is(err, errRedirectLoop), errors.Is(err, errRedirects):
		return zwgk.CauseRedirects
	case errors.Is(err, colly.ErrRobotsTxtBlocked):
		return zwgk.CauseRobots
	case errors.Is(err, errTrap):
		return zwgk.CauseTrap
	case errors.Is(err, errBudget):
		return zwgk.CauseBudget
	case errors.As(err, &dnsErr):
		if dnsErr.IsTimeout {
			return zwgk.CauseTimeout
		}
		return zwgk.CauseDNS
	case errors.As(err, &certErr), errors.As(err, &unknownAuth), errors.As(err, &hostErr),
		errors.As(err, &invalidErr), errors.As(err, &recordErr):
		return zwgk.CauseTLS
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET):
		return zwgk.CauseRefused
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return zwgk.CauseTimeout
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "tls:"), strings.Contains(msg, "x509:"), strings.Contains(msg, "certificate"):
		return zwgk.CauseTLS
	case strings.Contains(msg, "connection refused"), strings.Contains(msg, "connection reset"):
		return zwgk.CauseRefused
	case strings.Contains(msg, "timeout"), strings.Contains(msg, "deadline exceeded"):
		return zwgk.CauseTimeout
	case strings.Contains(msg, "no such host"):
		return zwgk.CauseDNS
	}
	return zwgk.CauseOther
}

// retryable reports whether another attempt may succeed: network trouble
// and overload answers, not refusals or missing pages.
func retryable(c zwgk.Cause, status int) bool {
	switch c {
	case zwgk.CauseTimeout, zwgk.CauseRefused, zwgk.CauseOther:
		return status == 0 || status >= 500 || status == http.StatusTooManyRequests
	case zwgk.CauseStatus:
		return status >= 500 || status == http.StatusTooManyRequests
	}
	return false
}
