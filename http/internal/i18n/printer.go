package i18n

import (
	"fmt"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Printer translates and formats in one language.
type Printer struct {
	tag language.Tag
	p   *message.Printer
}

// Tag is the printer's language.
func (p *Printer) Tag() language.Tag { return p.tag }

// Code is the language's code, as <html lang> and the preference name it.
func (p *Printer) Code() string { return p.tag.String() }

// Sprintf translates format and formats args as fmt.Sprintf does. English
// is the source: its text is the key, printed as fmt prints it. In other
// languages numbers are formatted as the language writes them, and a key
// missing from the catalogue is printed in English.
func (p *Printer) Sprintf(format string, args ...any) string {
	if p.tag == language.English {
		return fmt.Sprintf(format, args...)
	}
	return p.p.Sprintf(format, args...)
}

// T translates a text that is not a format of its own (a term, a phrase
// looked up by code): the same as Sprintf with no arguments.
func (p *Printer) T(key string) string {
	var none []any
	return p.Sprintf(key, none...)
}

// months are the month names of each language, in the genitive where the
// language puts a day before its month ("2 грудня").
var months = map[language.Tag][12]string{
	language.English: {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	language.Russian: {"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"},
	language.Ukrainian: {"січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня",
		"жовтня", "листопада", "грудня"},
}

// Date is a moment as pages show it: "2 Jan 2006 15:04" in English, "2
// января 2006 15:04" in Russian, "2 січня 2006 15:04" in Ukrainian.
func (p *Printer) Date(t time.Time) string {
	return fmt.Sprintf("%d %s %d %s", t.Day(), months[p.tag][t.Month()-1], t.Year(), t.Format("15:04"))
}
