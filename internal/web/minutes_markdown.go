package web

import (
	"html/template"
	"regexp"
	"strconv"
)

// headingTag matches the opening and closing tags of a heading in the
// renderer's output, which is goldmark's HTML after sanitising: text that
// looks like a tag there is escaped, so only real headings match.
var headingTag = regexp.MustCompile(`<(/?)h([1-6])([ >])`)

// minutesHTML renders minutes' Markdown (raw HTML off, sanitised) with its
// headings moved just below the page's heading of level below: the
// minutes' highest headings, whether written "#" or "##", become level
// below+1, so that the outline screen readers offer stays in order.
// Levels stop at 6.
func (a *App) minutesHTML(src string, below int) template.HTML {
	html := string(a.renderer.renderMarkdown(src))
	top := 7
	for _, m := range headingTag.FindAllStringSubmatch(html, -1) {
		level, _ := strconv.Atoi(m[2])
		top = min(top, level)
	}
	return template.HTML(headingTag.ReplaceAllStringFunc(html, func(tag string) string {
		m := headingTag.FindStringSubmatch(tag)
		level, _ := strconv.Atoi(m[2])
		return "<" + m[1] + "h" + strconv.Itoa(min(6, level-top+below+1)) + m[3]
	}))
}
