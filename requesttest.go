package zwgk

import "fmt"

// The request test (依申请公开测试): as CASS's transparency index does, an
// assessor files real information requests with an agency and scores
// whether and how it answered within the deadline of the 政府信息公开条例
// (2019): 第31条 when a request counts as received, 第33条 20 working days
// from receipt, extended by at most 20 when the agency tells the applicant
// within the first 20, 第36条 the forms a reply takes.

// RequestChannel is how a request was filed (条例第29条: in writing,
// including data messages; orally only where writing is truly difficult).
type RequestChannel string

// Channels.
const (
	ChannelOnline   RequestChannel = "online"    // 在线申请平台
	ChannelLetter   RequestChannel = "letter"    // 信函（邮寄）
	ChannelEmail    RequestChannel = "email"     // 电子邮件
	ChannelFax      RequestChannel = "fax"       // 传真
	ChannelInPerson RequestChannel = "in_person" // 当面提交
	ChannelPhone    RequestChannel = "phone"     // 电话（口头）
)

// RequestChannels lists every channel.
var RequestChannels = []RequestChannel{ChannelOnline, ChannelLetter, ChannelEmail, ChannelFax, ChannelInPerson, ChannelPhone}

// Valid reports whether c is a known channel.
func (c RequestChannel) Valid() bool {
	for _, k := range RequestChannels {
		if c == k {
			return true
		}
	}
	return false
}

// Chinese is the channel as the portal prints it.
func (c RequestChannel) Chinese() string {
	switch c {
	case ChannelOnline:
		return "在线申请"
	case ChannelLetter:
		return "信函"
	case ChannelEmail:
		return "电子邮件"
	case ChannelFax:
		return "传真"
	case ChannelInPerson:
		return "当面提交"
	case ChannelPhone:
		return "电话"
	}
	return string(c)
}

// ReplyForm is the form of an agency's reply (条例第36条).
type ReplyForm string

// Reply forms.
const (
	ReplyDisclosed ReplyForm = "disclosed"  // 予以公开（第36条第二项）
	ReplyPartial   ReplyForm = "partial"    // 部分公开（第37条）
	ReplyPublished ReplyForm = "published"  // 已主动公开，告知获取途径（第一项）
	ReplyRefused   ReplyForm = "refused"    // 不予公开，告知理由（第三项）
	ReplyNotExist  ReplyForm = "not_exist"  // 信息不存在（第四项）
	ReplyNotOurs   ReplyForm = "not_ours"   // 非本机关负责公开（第五项）
	ReplyNoProcess ReplyForm = "no_process" // 不予重复处理等（第六项、第七项）
	ReplyOther     ReplyForm = "other"      // 其他告知
)

// ReplyForms lists every form.
var ReplyForms = []ReplyForm{ReplyDisclosed, ReplyPartial, ReplyPublished, ReplyRefused, ReplyNotExist, ReplyNotOurs, ReplyNoProcess, ReplyOther}

// Valid reports whether f is a known form.
func (f ReplyForm) Valid() bool {
	for _, k := range ReplyForms {
		if f == k {
			return true
		}
	}
	return false
}

// Chinese is the form as the portal prints it.
func (f ReplyForm) Chinese() string {
	switch f {
	case ReplyDisclosed:
		return "予以公开"
	case ReplyPartial:
		return "部分公开"
	case ReplyPublished:
		return "已主动公开（告知获取途径）"
	case ReplyRefused:
		return "不予公开"
	case ReplyNotExist:
		return "信息不存在"
	case ReplyNotOurs:
		return "非本机关负责公开"
	case ReplyNoProcess:
		return "不予处理"
	case ReplyOther:
		return "其他告知"
	}
	return string(f)
}

// ReplyQuality is the assessor's rating of a reply's 规范性: whether it
// answers what was asked, gives its legal basis and reasons, and tells the
// applicant the remedies (复议、诉讼).
type ReplyQuality string

// Ratings; "" is not rated yet.
const (
	QualityGood ReplyQuality = "good" // 规范
	QualityFair ReplyQuality = "fair" // 基本规范
	QualityPoor ReplyQuality = "poor" // 不规范
)

// Valid reports whether q is a rating or unrated ("").
func (q ReplyQuality) Valid() bool {
	return q == "" || q == QualityGood || q == QualityFair || q == QualityPoor
}

// Credit is the share of the quality part a rating earns.
func (q ReplyQuality) Credit() float64 {
	switch q {
	case QualityGood:
		return 1
	case QualityFair:
		return 0.5
	}
	return 0
}

// Chinese is the rating as the portal prints it.
func (q ReplyQuality) Chinese() string {
	switch q {
	case QualityGood:
		return "规范"
	case QualityFair:
		return "基本规范"
	case QualityPoor:
		return "不规范"
	case "":
		return "未评定"
	}
	return string(q)
}

// RequestTest is one request an assessor filed, with what came back.
type RequestTest struct {
	ID      int64          `json:"id"`
	CycleID int64          `json:"cycle_id"`
	Agency  string         `json:"agency"`
	Channel RequestChannel `json:"channel"`
	// SentOn is the day the request was sent or submitted.
	SentOn Date `json:"sent_on"`
	// ReceivedOn is the day the request counts as received (条例第31条:
	// a registered letter's signing-for, the day an online or faxed
	// request was confirmed), when it is not SentOn; the period runs
	// from it.
	ReceivedOn Date   `json:"received_on,omitempty"`
	Content    string `json:"content"`
	// Reference is the online receipt number or the letter's tracking
	// number.
	Reference string `json:"reference,omitempty"`
	Assessor  string `json:"assessor"`
	// ExtendedOn is the day the agency's notice of extension (延期答复告知)
	// reached the applicant; zero when none came.
	ExtendedOn Date           `json:"extended_on,omitempty"`
	Answer     *RequestAnswer `json:"answer,omitempty"`
}

// RequestAnswer is the agency's reply as the assessor logged it.
type RequestAnswer struct {
	On      Date         `json:"on"`
	Form    ReplyForm    `json:"form"`
	Quality ReplyQuality `json:"quality,omitempty"`
	Notes   string       `json:"notes,omitempty"`
	By      string       `json:"by"`
}

// Start is the day the period runs from: ReceivedOn, or SentOn.
func (t RequestTest) Start() Date {
	if !t.ReceivedOn.IsZero() {
		return t.ReceivedOn
	}
	return t.SentOn
}

// WorkCalendar knows the working days of the years it covers
// (workdays.Calendar).
type WorkCalendar interface {
	IsWorkday(Date) bool
	Covers(year int) bool
}

// RequestStatus is where a request stands.
type RequestStatus string

// Statuses. Pending is not a failure: the agency still has time.
const (
	RequestPending   RequestStatus = "pending"   // 未答复，仍在答复期限内
	RequestOnTime    RequestStatus = "on_time"   // 按期答复
	RequestLate      RequestStatus = "late"      // 逾期答复
	RequestOverdue   RequestStatus = "overdue"   // 逾期未答复
	RequestUncovered RequestStatus = "uncovered" // 工作日历未覆盖，无法计算期限
)

// Chinese is the status as the portal prints it.
func (s RequestStatus) Chinese() string {
	switch s {
	case RequestPending:
		return "待答复（期限内）"
	case RequestOnTime:
		return "按期答复"
	case RequestLate:
		return "逾期答复"
	case RequestOverdue:
		return "逾期未答复"
	case RequestUncovered:
		return "无法计算期限"
	}
	return string(s)
}

// RequestJudgement is the deadline arithmetic of one request.
type RequestJudgement struct {
	Status RequestStatus `json:"status"`
	Start  Date          `json:"start"`
	// BaseDue is the 20th working day after Start; Due is the deadline
	// that applies (BaseDue, or 20 more working days after it when the
	// extension notice came in time).
	BaseDue Date `json:"base_due,omitempty"`
	Due     Date `json:"due,omitempty"`
	// Extended: the extension notice came within the first period;
	// ExtensionLate: it came after it, and extended nothing.
	Extended      bool `json:"extended,omitempty"`
	ExtensionLate bool `json:"extension_late,omitempty"`
	// Took is the working days from Start to the answer (or to today
	// while unanswered).
	Took int `json:"took"`
	// Missing is the year the calendar lacks (status uncovered).
	Missing int    `json:"missing,omitempty"`
	Text    string `json:"text"`
}

// Deadline is the nth working day after d, or an error naming the first
// year on the way the calendar does not cover: a year without the State
// Council's arrangement is never guessed Monday to Friday.
func Deadline(cal WorkCalendar, d Date, n int) (Date, error) {
	if !cal.Covers(d.Year) {
		return Date{}, &UncoveredYearError{Year: d.Year}
	}
	for n > 0 {
		d = d.AddDays(1)
		if !cal.Covers(d.Year) {
			return Date{}, &UncoveredYearError{Year: d.Year}
		}
		if cal.IsWorkday(d) {
			n--
		}
	}
	return d, nil
}

// UncoveredYearError: the working-day calendar has no arrangement for
// Year.
type UncoveredYearError struct{ Year int }

func (e *UncoveredYearError) Error() string {
	return fmt.Sprintf("the working-day calendar does not cover %d: load the State Council's %d holiday arrangement (zwgk requests calendar-load)", e.Year, e.Year)
}

// workdaysBetween counts the working days after from up to and including
// to; days of uncovered years are counted Monday to Friday (only for the
// "took" figure, never for a deadline).
func workdaysBetween(cal WorkCalendar, from, to Date) int {
	n := 0
	for d := from.AddDays(1); !d.After(to); d = d.AddDays(1) {
		if cal.IsWorkday(d) {
			n++
		}
	}
	return n
}

// JudgeRequest works out a request's deadline (days working days from its
// start, extension more when the notice came within the first period) and
// where it stands on today: answered on time or late, or unanswered —
// pending while today is within the deadline, overdue after it. A deadline
// the calendar cannot compute is status uncovered, never a guess.
func JudgeRequest(t RequestTest, cal WorkCalendar, today Date, days, extension int) RequestJudgement {
	j := RequestJudgement{Start: t.Start()}
	var err error
	if j.BaseDue, err = Deadline(cal, j.Start, days); err != nil {
		return uncovered(j, err)
	}
	j.Due = j.BaseDue
	if !t.ExtendedOn.IsZero() {
		if t.ExtendedOn.After(j.BaseDue) {
			j.ExtensionLate = true
		} else {
			j.Extended = true
			if j.Due, err = Deadline(cal, j.BaseDue, extension); err != nil {
				return uncovered(j, err)
			}
		}
	}
	due := fmt.Sprintf("答复期限%s", j.Due.Chinese())
	if j.Extended {
		due += fmt.Sprintf("（%s告知延期，延长%d个工作日）", t.ExtendedOn.Chinese(), extension)
	} else if j.ExtensionLate {
		due += fmt.Sprintf("（延期告知%s晚于原期限，不产生延期）", t.ExtendedOn.Chinese())
	}
	if a := t.Answer; a != nil {
		j.Took = workdaysBetween(cal, j.Start, a.On)
		if a.On.After(j.Due) {
			j.Status = RequestLate
			j.Text = fmt.Sprintf("%s，%s答复（%s），逾期%d个工作日", due, a.On.Chinese(), a.Form.Chinese(), workdaysBetween(cal, j.Due, a.On))
		} else {
			j.Status = RequestOnTime
			j.Text = fmt.Sprintf("%s，%s答复（%s），用时%d个工作日", due, a.On.Chinese(), a.Form.Chinese(), j.Took)
		}
		return j
	}
	j.Took = workdaysBetween(cal, j.Start, today)
	if today.After(j.Due) {
		j.Status = RequestOverdue
		j.Text = fmt.Sprintf("%s，截至%s未答复", due, today.Chinese())
	} else {
		j.Status = RequestPending
		j.Text = fmt.Sprintf("%s，尚在期限内", due)
	}
	return j
}

func uncovered(j RequestJudgement, err error) RequestJudgement {
	j.Status = RequestUncovered
	if u, ok := err.(*UncoveredYearError); ok {
		j.Missing = u.Year
		j.Text = fmt.Sprintf("工作日历未包含%d年节假日安排，无法计算答复期限，待加载后评估", u.Year)
	}
	j.BaseDue, j.Due = Date{}, Date{}
	return j
}

// RequestRegister is the request-test register of one agency in a cycle,
// as scoring reads it: the requests, the calendar that counts their
// deadlines, and the day they are judged on (a request still within its
// deadline that day is pending, not failed).
type RequestRegister struct {
	Tests    []RequestTest `json:"tests"`
	Today    Date          `json:"today"`
	Calendar WorkCalendar  `json:"-"`
}

// ParseChannel reads a channel by its code or Chinese name (a bureau's
// spreadsheet writes 信函, 在线申请…).
func ParseChannel(s string) (RequestChannel, bool) {
	for _, c := range RequestChannels {
		if s == string(c) || s == c.Chinese() {
			return c, true
		}
	}
	switch s {
	case "网上申请", "在线", "网络", "互联网":
		return ChannelOnline, true
	case "邮寄", "信件", "挂号信", "EMS":
		return ChannelLetter, true
	case "邮件", "电邮":
		return ChannelEmail, true
	case "当面", "现场":
		return ChannelInPerson, true
	}
	return "", false
}

// ParseReplyForm reads a reply form by its code or Chinese name.
func ParseReplyForm(s string) (ReplyForm, bool) {
	for _, f := range ReplyForms {
		if s == string(f) || s == f.Chinese() {
			return f, true
		}
	}
	switch s {
	case "公开", "同意公开":
		return ReplyDisclosed, true
	case "已主动公开", "告知获取途径":
		return ReplyPublished, true
	case "不公开":
		return ReplyRefused, true
	case "非本机关", "非本机关负责":
		return ReplyNotOurs, true
	case "重复申请", "不予重复处理":
		return ReplyNoProcess, true
	}
	return "", false
}

// ParseQuality reads a rating by its code or Chinese name; "" and 未评定
// are unrated.
func ParseQuality(s string) (ReplyQuality, bool) {
	switch s {
	case "", "未评定":
		return "", true
	}
	for _, q := range []ReplyQuality{QualityGood, QualityFair, QualityPoor} {
		if s == string(q) || s == q.Chinese() {
			return q, true
		}
	}
	return "", false
}
