package pdf

import "strings"

// endonyms maps the names people type for a language, in German, English,
// French and Arabic, and its ISO 639 codes, to the language's own name in
// its own script: a badge tells others what its wearer speaks in words the
// wearer and anyone else who speaks it reads at a glance. Keys are lower case.
var endonyms = map[string]string{}

// endonymTable lists each language's own name with the other names it goes by.
var endonymTable = []struct {
	name    string
	aliases []string
}{
	{"العربية", []string{"ar", "ara", "arabisch", "arabic", "arabe", "عربي", "عربية", "العربي"}},
	{"ትግርኛ", []string{"ti", "tir", "tigrinya", "tigrinisch", "tigrigna", "tigrinia", "التغرينية", "التيغرينية"}},
	{"አማርኛ", []string{"am", "amh", "amharisch", "amharic", "amharique", "الأمهرية"}},
	{"فارسی", []string{"fa", "fas", "per", "farsi", "persisch", "persian", "persan", "الفارسية", "فارسي"}},
	{"دری", []string{"prs", "dari", "الدارية", "دري"}},
	{"پښتو", []string{"ps", "pus", "paschtu", "paschto", "pashto", "pachto", "البشتوية", "البشتو"}},
	{"اردو", []string{"ur", "urd", "urdu", "ourdou", "الأردية"}},
	{"Kurdî", []string{"ku", "kur", "kmr", "kurdisch", "kurdish", "kurde", "kurmancî", "kurmandschi", "الكردية", "کوردی"}},
	{"Soomaali", []string{"so", "som", "somali", "somalisch", "الصومالية"}},
	{"Русский", []string{"ru", "rus", "russisch", "russian", "russe", "الروسية", "русский"}},
	{"Українська", []string{"uk", "ukr", "ukrainisch", "ukrainian", "ukrainien", "الأوكرانية", "українська"}},
	{"Türkçe", []string{"tr", "tur", "türkisch", "turkish", "turc", "التركية", "türkçe", "turkce"}},
	{"English", []string{"en", "eng", "englisch", "english", "anglais", "الإنجليزية", "الانجليزية", "الإنكليزية"}},
	{"Français", []string{"fr", "fra", "fre", "französisch", "franzoesisch", "french", "français", "francais", "الفرنسية"}},
	{"Deutsch", []string{"de", "deu", "ger", "deutsch", "german", "allemand", "الألمانية", "الالمانية"}},
	{"Español", []string{"es", "spa", "spanisch", "spanish", "espagnol", "español", "espanol", "الإسبانية"}},
	{"Italiano", []string{"it", "ita", "italienisch", "italian", "italien", "italiano", "الإيطالية"}},
	{"Polski", []string{"pl", "pol", "polnisch", "polish", "polonais", "polski", "البولندية"}},
	{"Română", []string{"ro", "ron", "rum", "rumänisch", "romanian", "roumain", "română", "الرومانية"}},
	{"Shqip", []string{"sq", "sqi", "alb", "albanisch", "albanian", "albanais", "shqip", "الألبانية"}},
	{"Srpski", []string{"sr", "srp", "serbisch", "serbian", "serbe", "srpski", "الصربية"}},
	{"Bosanski", []string{"bs", "bos", "bosnisch", "bosnian", "bosniaque", "bosanski", "البوسنية"}},
	{"Hrvatski", []string{"hr", "hrv", "kroatisch", "croatian", "croate", "hrvatski", "الكرواتية"}},
	{"ქართული", []string{"ka", "kat", "geo", "georgisch", "georgian", "géorgien", "الجورجية"}},
	{"Հայերեն", []string{"hy", "hye", "arm", "armenisch", "armenian", "arménien", "الأرمنية"}},
	{"Wolof", []string{"wo", "wol", "wolof", "الولوفية"}},
	{"Bamanankan", []string{"bm", "bam", "bambara", "bamanankan", "البامبارية"}},
	{"Fulfulde", []string{"ff", "ful", "fula", "peul", "pular", "pulaar", "fulfulde", "الفولانية"}},
	{"Hausa", []string{"ha", "hau", "hausa", "haoussa", "الهوسية"}},
	{"Lingála", []string{"ln", "lin", "lingala", "lingála", "اللينغالا"}},
	{"Kiswahili", []string{"sw", "swa", "suaheli", "swahili", "kiswahili", "السواحيلية"}},
	{"Deutsche Gebärdensprache", []string{"dgs", "gebärdensprache", "deutsche gebärdensprache", "german sign language"}},
}

func init() {
	for _, l := range endonymTable {
		endonyms[strings.ToLower(l.name)] = l.name
		for _, a := range l.aliases {
			endonyms[a] = l.name
		}
	}
}

// Endonyms reads the free text of the languages someone speaks ("Arabisch,
// Deutsch, Tigrinya") and returns each language under its own name in its
// own script ("العربية", "Deutsch", "ትግርኛ"), in the order given and each
// once. What the table does not know ("ein wenig Deutsch") is kept as typed.
func Endonyms(text string) []string {
	parts := strings.FieldsFunc(text, func(r rune) bool {
		return r == ',' || r == '،' || r == ';' || r == '/' || r == '\n' || r == '·'
	})
	var out []string
	seen := map[string]bool{}
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if name, ok := endonyms[strings.ToLower(p)]; ok {
			p = name
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}
