// Package demo fills a database with the conference the seed report
// describes (Wuppertal, 13 February 2016), a drafted next edition, and an
// upcoming edition open for registration with sample registrations, so
// that a fresh installation shows every part of the product with real
// content before an organiser has entered anything.
//
// The descriptions are Markdown. The gender star of the report
// (Teilnehmer*innen) is written \* because in CommonMark two such stars in
// one paragraph would turn the text between them into italics.
package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
)

// Slugs of what Load creates, for callers and tests that look it up.
const (
	SeriesSlug      = "kommunale-fluechtlingskonferenz-nrw"
	WuppertalSlug   = "wuppertal-2016"
	NextEditionSlug = "wuppertal-2016-herbst"
)

// OrganiserEmail is the demo organiser's address; the start-up message tells
// whoever runs the demo to log in with it.
const OrganiserEmail = "orga@example.org"

// FacilitatorEmail is the address of the demo facilitator, invited to the
// upcoming edition's housing workshop; EnsureOrganiser gives the account
// the organiser's password.
const FacilitatorEmail = "moderation@example.org"

// Load fills db with the demo series and its editions unless the series is
// already there (then it does nothing and returns nil), so that starting
// with -demo twice does not duplicate anything. The store has no
// transaction spanning several of its calls, so if a step fails Load
// removes what it had created: otherwise the next start would find the
// series and never finish the half-loaded demo.
func Load(ctx context.Context, db *store.DB) (err error) {
	if _, err := db.SeriesBySlug(ctx, SeriesSlug); err == nil {
		return nil
	} else if model.ErrorCode(err) != model.ENotFound {
		return fmt.Errorf("demo: look up series: %w", err)
	}
	loc, err := time.LoadLocation(model.DefaultTimeZone)
	if err != nil {
		return fmt.Errorf("demo: time zone: %w", err)
	}

	s := series()
	if err := db.CreateSeries(ctx, s); err != nil {
		// Another instance started with -demo at the same moment won the race.
		if model.ErrorCode(err) == model.EConflict {
			return nil
		}
		return fmt.Errorf("demo: create series: %w", err)
	}
	var created []int64 // editions, oldest first
	defer func() {
		if err == nil {
			return
		}
		// The caller's context may be what failed; cleaning up must not.
		clean := context.WithoutCancel(ctx)
		for i := len(created) - 1; i >= 0; i-- {
			err = errors.Join(err, db.DeleteConference(clean, created[i]))
		}
		err = errors.Join(err, db.DeleteSeries(clean, s.ID))
	}()

	c := wuppertal(s.ID, loc)
	if err := db.CreateConference(ctx, c); err != nil {
		return fmt.Errorf("demo: create %s: %w", c.Slug, err)
	}
	created = append(created, c.ID)
	for _, item := range agenda(c.ID, loc) {
		workshops := item.Workshops
		if err := db.CreateSession(ctx, &item); err != nil {
			return fmt.Errorf("demo: create agenda item %q: %w", item.Title, err)
		}
		for i := range workshops {
			w := &workshops[i]
			w.SessionID, w.Position = item.ID, i
			if err := db.CreateWorkshop(ctx, w); err != nil {
				return fmt.Errorf("demo: create workshop %q: %w", w.Title, err)
			}
		}
	}

	next, err := db.CopyConference(ctx, c.ID, NextEditionSlug, "2. Kommunale Flüchtlingskonferenz NRW",
		time.Date(2016, time.September, 17, 0, 0, 0, 0, loc))
	if err != nil {
		return fmt.Errorf("demo: copy to %s: %w", NextEditionSlug, err)
	}
	created = append(created, next.ID)
	// The copy keeps only the titles of February; it is described anew.
	next.Subtitle = "Forderungen aus Wuppertal aufgreifen und weiterverfolgen"
	next.Description = nextDescription
	if err := db.UpdateConference(ctx, next); err != nil {
		return fmt.Errorf("demo: describe %s: %w", NextEditionSlug, err)
	}

	up, err := loadUpcoming(ctx, db, c.ID, loc)
	if up != nil {
		created = append(created, up.ID)
	}
	if err != nil {
		return err
	}
	if err := loadMinutes(ctx, db, c.ID, up.ID); err != nil {
		return err
	}
	if err := loadAttendance(ctx, db, up); err != nil {
		return err
	}
	if err := loadResolutions(ctx, db, c, next, up); err != nil {
		return err
	}
	return loadDocumentation(ctx, db, c)
}

// EnsureOrganiser creates the demo organiser orga@example.org with the given
// password, or sets that password if the account exists, so that whoever
// starts the demo can always log in with the password they passed, even on
// a database an earlier demo run left behind. The demo facilitator, if Load
// made one, gets the same password.
func EnsureOrganiser(ctx context.Context, db *store.DB, password string) error {
	if err := model.ValidatePassword(password); err != nil {
		return err
	}
	if f, err := db.UserByEmail(ctx, FacilitatorEmail); err == nil && f.Role == model.RoleFacilitator {
		if err := db.SetPassword(ctx, f.ID, password); err != nil {
			return fmt.Errorf("demo: set facilitator password: %w", err)
		}
	} else if err != nil && model.ErrorCode(err) != model.ENotFound {
		return fmt.Errorf("demo: look up facilitator: %w", err)
	}
	u, err := db.UserByEmail(ctx, OrganiserEmail)
	if model.ErrorCode(err) == model.ENotFound {
		u = &model.User{Email: OrganiserEmail, Name: "Demo-Organisation", Role: model.RoleOrganiser}
		err = db.CreateUserWithPassword(ctx, u, password)
		if model.ErrorCode(err) != model.EConflict {
			if err != nil {
				return fmt.Errorf("demo: create organiser: %w", err)
			}
			return nil
		}
		// Created meanwhile by another instance: set the password below.
		u, err = db.UserByEmail(ctx, OrganiserEmail)
	}
	if err != nil {
		return fmt.Errorf("demo: look up organiser: %w", err)
	}
	if err := db.SetPassword(ctx, u.ID, password); err != nil {
		return fmt.Errorf("demo: set organiser password: %w", err)
	}
	return nil
}

func series() *model.Series {
	return &model.Series{
		Slug:        SeriesSlug,
		Title:       "Kommunale Flüchtlingskonferenz NRW",
		Description: seriesDescription,
	}
}

func wuppertal(seriesID int64, loc *time.Location) *model.Conference {
	return &model.Conference{
		SeriesID:    seriesID,
		Slug:        WuppertalSlug,
		Title:       "Flüchtlingspolitik in Nordrhein-Westfalen: Willkommenskultur oder Ausgrenzung und Abschieberegime?",
		Subtitle:    "Wie kann linke Kommunalpolitik ein solidarisches Zusammenleben gestalten?",
		StartsAt:    time.Date(2016, time.February, 13, 10, 0, 0, 0, loc).UTC(),
		EndsAt:      time.Date(2016, time.February, 13, 17, 0, 0, 0, loc).UTC(),
		TimeZone:    model.DefaultTimeZone,
		Venue:       "Tagungshaus Wuppertal",
		Address:     "Musterstraße 1, 42103 Wuppertal",
		Hosts:       "Kommunalpolitisches Forum NRW und Rosa Luxemburg Stiftung NRW",
		Description: wuppertalDescription,
		Capacity:    60,
		Status:      model.StatusDocumented,
		Published:   true,
	}
}

// agenda returns the items in order; a workshop slot carries its workshops,
// which Load stores after the slot because they need its ID.
func agenda(conferenceID int64, loc *time.Location) []model.Session {
	at := func(hour, min int) time.Time {
		return time.Date(2016, time.February, 13, hour, min, 0, 0, loc).UTC()
	}
	item := func(kind, title, room string, from, to time.Time, description string, people ...model.Person) model.Session {
		return model.Session{ConferenceID: conferenceID, Kind: kind, Title: title, Description: description,
			Room: room, StartsAt: from, EndsAt: to, People: people}
	}
	const plenum = "Großer Saal"
	return []model.Session{
		item(model.KindPlenary, "Einführung", plenum, at(10, 0), at(10, 15),
			"Begrüßung und kurze Einführung in die Fragen des Tages.",
			model.Person{Name: "Ulrike Detjen", Affiliation: "Mitglied der Landschaftsversammlung des LVR", Role: model.RoleSpeaker}),
		item(model.KindKeynote, "Die Flüchtlingspolitik des Landes Nordrhein-Westfalen", plenum, at(10, 15), at(11, 15),
			keynoteDescription,
			model.Person{Name: "Thomas Zitzmann", Affiliation: "Kölner Flüchtlingsrat", Role: model.RoleSpeaker}),
		item(model.KindExchange, "Erfahrungsaustausch: Flüchtlingspolitik vor Ort", plenum, at(11, 15), at(12, 30),
			exchangeDescription,
			model.Person{Name: "Barbara Schmidt", Affiliation: "Stadtratsmitglied in Bielefeld", Role: model.RoleInput},
			model.Person{Name: "Jörg Detjen", Affiliation: "Mitglied des Rates der Stadt Köln", Role: model.RoleInput}),
		item(model.KindBreak, "Mittagspause", "Foyer", at(12, 30), at(13, 30), ""),
		withWorkshops(item(model.KindWorkshopSlot, "Arbeitsgruppen", "Raum 1–4", at(13, 30), at(15, 30),
			"Vier parallele Arbeitsgruppen zu Kernfragen der Flüchtlingspolitik in den Kommunen und zu linken "+
				"Handlungsstrategien: Wohnungspolitik, Zugang zur Gesundheitsversorgung, Bildungspolitik und Zugang "+
				"zum Arbeitsmarkt."), workshops()),
		item(model.KindClosing, "Abschlussgespräch: Lebenswirklichkeiten Geflüchteter in Nordrhein-Westfalen", plenum,
			at(15, 30), at(17, 0), closingDescription,
			model.Person{Name: "Voix des Migrants", Affiliation: "Selbstorganisation Geflüchteter aus dem Ruhrgebiet", Role: model.RoleGuest}),
	}
}

func withWorkshops(s model.Session, w []model.Workshop) model.Session {
	s.Workshops = w
	return s
}

func workshops() []model.Workshop {
	return []model.Workshop{
		{Topic: model.TopicHousing, Title: "Wohnen", Room: "Raum 1", Capacity: 20, Description: housingDescription,
			People: []model.Person{
				{Name: "Inken Vollmering", Role: model.RoleModerator},
				{Name: "Knut Unger", Role: model.RoleModerator},
			}},
		{Topic: model.TopicHealth, Title: "Gesundheit", Room: "Raum 2", Capacity: 20, Description: healthDescription,
			People: []model.Person{
				{Name: "Anamaria Diaz", Affiliation: "Medizinische Flüchtlingshilfe Bochum", Role: model.RoleInput},
			}},
		{Topic: model.TopicEducation, Title: "Bildung", Room: "Raum 3", Capacity: 20, Description: educationDescription,
			People: []model.Person{
				{Name: "Gunhild Böth", Affiliation: "Stadträtin in Wuppertal", Role: model.RoleModerator},
			}},
		{Topic: model.TopicWork, Title: "Arbeit", Room: "Raum 4", Capacity: 20, Description: workDescription},
	}
}

const seriesDescription = `Die Kommunale Flüchtlingskonferenz NRW bringt Geflüchtete und Migrant\*innen, Akteur\*innen aus Flüchtlingsinitiativen und kommunale Mandatsträger\*innen aus Nordrhein-Westfalen zusammen.

Die Reihe geht auf die Tagung „Flüchtlingspolitik in Nordrhein-Westfalen: Willkommenskultur oder Ausgrenzung und Abschieberegime?“ am 13. Februar 2016 in Wuppertal zurück. Dort betonten viele Teilnehmende, dass es Treffen wie dieses häufiger und regelmäßig geben müsse – in Form „kommunaler Flüchtlingskonferenzen“ –, um

- gemeinsame Forderungen zu formulieren,
- sich über hilfreiche Projekte und Praxen auszutauschen und
- sich über Eingriffspunkte und Adressat\*innen zu verständigen.

Jede Konferenz greift die Forderungen der vorigen auf und verfolgt sie weiter.
`

const wuppertalDescription = `Wie kann linke Kommunalpolitik ein solidarisches Zusammenleben gestalten? Darüber diskutierten am 13. Februar 2016 in Wuppertal rund sechzig Teilnehmer\*innen, überwiegend kommunale Mandatsträger\*innen aus Nordrhein-Westfalen, auf Einladung des Kommunalpolitischen Forums NRW und der Rosa Luxemburg Stiftung NRW.

Die Spar- und Kürzungspolitik von Bundes- und Landesregierungen schlägt unmittelbar auf die Kommunen durch. Zugleich stellt die Aufnahme und Integration mitunter vieler hundert Menschen sie vor immense Herausforderungen. In vielen Städten und Gemeinden entwickeln engagierte Menschen im Ehrenamt eine Willkommenskultur, während vielerorts rassistische Übergriffe auf Geflüchtete und deren Wohnstätten zum Alltag gehören. Hier ist linke Kommunalpolitik gefordert, Entsolidarisierungstendenzen entgegenzutreten und den Aufbau einer Willkommens- und Bleibekultur mitzugestalten.

## Ablauf

- Einführung und Vortrag zur Flüchtlingspolitik des Landes mit erster Diskussionsrunde
- Erfahrungsaustausch aus Bielefeld und Köln
- vier Arbeitsgruppen: Wohnen, Gesundheit, Bildung, Arbeit
- Abschlussgespräch mit der Initiative „Voix des Migrants“

## Ergebnisse

Geflüchteten muss im Rahmen der Gestaltungs- und Ermessensspielräume der Kommunen ein gleichberechtigter, restriktions- und diskriminierungsfreier Zugang zu Wohnung, Bildung, Arbeitsmarkt und Gesundheitsversorgung ermöglicht werden; ihre Rechte sind zu stärken und ihre Selbstorganisation ist nach Möglichkeit zu unterstützen.

Viele Teilnehmende betonten, dass Treffen wie dieses – mit Geflüchteten und Migrant\*innen, Akteur\*innen aus Flüchtlingsinitiativen und kommunalen Mandatsträger\*innen – häufiger und regelmäßig stattfinden sollten: als „kommunale Flüchtlingskonferenzen“.
`

const keynoteDescription = `Thomas Zitzmann vom Kölner Flüchtlingsrat skizzierte die Flüchtlingspolitik des Landes Nordrhein-Westfalen. Das Land hat 2015 rund 330.000 Geflüchtete aufgenommen und circa 35.600 Menschen zunächst in einer der 295 vom Land betriebenen Aufnahmeeinrichtungen untergebracht. Die Bedingungen dort seien gerade für besonders schutzbedürftige Personen – (unbegleitete) Minderjährige, Traumatisierte, Behinderte, Schwangere – teils menschenunwürdig. Das Kindeswohl werde unzureichend berücksichtigt; Schutzsuchende aus den Balkanstaaten würden gesondert interniert, um schnell abgeschoben werden zu können. In den Schulen fehlten Plätze für Seiteneinsteiger\*innen. Die flüchtlingsfeindlichen Straftaten in NRW haben sich 2015 verachtfacht: Die Behörden zählten 214 Übergriffe auf Geflüchtete und ihre Unterkünfte.

Die Landesregierung pendle zwischen Ansätzen einer Willkommenskultur (bessere Unterbringung, mehr Betreuungs- und Integrationsangebote, Gewaltschutzstrategie) und Abschreckung („Aktionsplan Westbalkan“ für beschleunigte Asylverfahren und schnellere Abschiebungen). An die Kommunen richtete Zitzmann diese Forderungen:

- eine faire und strukturierte Prüfung der Aufenthaltsgewährung für Geduldete,
- die Umsetzung des Rechts auf Schulbesuch bei Aufhebung der Zugangsbeschränkung für Volljährige,
- den Auf- und Ausbau einer nicht nur ehrenamtlich getragenen willkommenskulturellen Infrastruktur.

Im Anschluss: erste Diskussionsrunde im Plenum.
`

const exchangeDescription = `Barbara Schmidt aus Bielefeld und Jörg Detjen aus Köln reflektierten über die konkreten flüchtlingspolitischen Praktiken vor Ort. Dabei wurden Gemeinsamkeiten, vor allem aber auch Unterschiede deutlich; die Anforderungen an linke Kommunalpolitik sind bei aller regionalen Spezifik sehr ähnlich.

Die Teilnehmer\*innen waren sich einig: Linke Kommunalpolitik muss darauf hinwirken, dass die Verwaltungen alles in ihrer Macht Stehende unternehmen, damit ein menschenwürdiges und solidarisches Zusammenleben möglich wird. Dazu gehören Investitionen in die soziale Infrastruktur, etwa beim Wohnungsbau, die den Bedürfnissen aller in der Kommune lebenden Menschen Rechnung tragen. Für den Auf- und Ausbau einer Willkommens- und Bleibekultur müsse linke Kommunalpolitik im Bündnis mit anderen fortschrittlichen Akteur\*innen Handlungsstrategien entwickeln.
`

const housingDescription = `Im Mittelpunkt stand die Frage bezahlbaren Wohnraums: Laut aktuellen Pressemeldungen fehlen allein in NRW rund 400.000 Wohnungen. Ein Grund ist die Vernachlässigung des sozialen Wohnungsbaus. Selbst vorhandene Fördergelder werden oft nicht abgerufen, weil Träger fehlen – für private Investoren lässt sich mit erschwinglichem Wohnraum kaum Rendite erwirtschaften. Es bedarf einer neuen Wohnungsgemeinnützigkeit und einer Aktualisierung der Forderung nach bezahlbarem Wohnraum für alle.

Wo Staat und Kommune ihrer Verantwortung nicht nachkommen, entstehen fragwürdige bis kriminelle Strukturen: überteuerte Vermietung und Überbelegung ungeeigneter Wohnungen, ein überteuerter Markt für Wohnungsvermittlung und für Übersetzungen bei Behördengängen. Als positives Beispiel für die Unterbringung außerhalb von Sammelunterkünften wurde das „Leverkusener Modell“ genannt. Mitglieder der Gruppe „Voix des Migrants“ berichteten dagegen von Entscheidungen, die das Niederlassen in der eigenen Kommune eher erschweren.

Weitere Themen:

- kommunale Grundstückspolitik und der Umgang mit lange leerstehenden Häusern, etwa eine Hausbesetzung in Köln-Sülz mit der Forderung nach Wohnraum für Flüchtlinge
- Moderation und Übersetzung für neu entstehende Hausgemeinschaften
- Orte der Begegnung gegen Isolation, zum Beispiel bei Frühstück oder Kaffee
`

const healthDescription = `Anamaria Diaz stellte die Arbeit der Medizinischen Flüchtlingshilfe Bochum (MFH-Bochum) vor. Mit Vorträgen bei Gruppen, Initiativen, Einrichtungen und auf Tagungen stärkt sie Verständnis und Kompetenz im Umgang mit traumatisierten Flüchtlingen.

Der Alltag von Flüchtlingen ist geprägt von einer fremden Sprache und Umgebung, von der Angst vor Abschiebung und Abschiebehaft, von Sammelunterkünften ohne Bewegungsfreiheit und Arbeitserlaubnis und von rassistischen Übergriffen. Viele sind Folterüberlebende, viele stark traumatisiert. Sozial-, Asyl- und psychologische Beratung hilft, ersetzt aber keine sozialpolitischen Entscheidungen: Grundvoraussetzung ist die rechtliche Absicherung eines mittel- oder langfristigen Aufenthalts.

Diskutiert wurden Fragen wie:

- Wo finde ich in meiner Region Psychotherapeut\*innen und Ärzt\*innen mit Erfahrung in der Versorgung von Flüchtlingen?
- Wie und wo finde ich qualifizierte Dolmetscher\*innen?
- Was tun im Fall von traumatisierten Flüchtlingen?
`

const educationDescription = `Die Arbeitsgruppe befasste sich mit den rechtlichen Grundlagen des Schulbesuchs, dem schulpraktischen Alltag und den daraus folgenden kommunalpolitischen Handlungsoptionen.

Nach § 1 des NRW-Schulgesetzes hat jeder junge Mensch „ohne Rücksicht auf seine wirtschaftliche Lage und Herkunft“ ein Recht auf „schulische Bildung, Erziehung und individuelle Förderung“ – auch Geflüchtete, ohne einen legalen Status nachweisen zu müssen. Linke Kommunalpolitik sollte prüfen, ob das Recht auf Schulbesuch in allen Gemeinden verwirklicht wird und wie weit der Anspruch auf Förderung in der deutschen Sprache und auf muttersprachlichen Unterricht eingelöst werden kann.

- Seiteneinsteigerklassen sollen Übergangsmaßnahmen bleiben; ausgegliederte „Seiteneinsteigerschulen“ sind im Sinne der Integration kontraproduktiv.
- Ausländische Eltern sind zum Schulsystem zu beraten, vorrangig durch die kommunalen Integrationszentren.
- Berufskollegs, die auch Jugendliche über das Schulpflichtalter hinaus beschulen, verdienen Unterstützung – im direkten Kontakt mit Schulen, Schulleitungen und der GEW.
`

const workDescription = `Zugang zum Arbeitsmarkt für Geflüchtete.

Leitgedanke der Tagung für alle vier Arbeitsgruppen: Im Rahmen ihrer Gestaltungs- und Ermessensspielräume müssen die Kommunen Geflüchteten einen gleichberechtigten, restriktions- und diskriminierungsfreien Zugang zu Wohnung, Bildung, Arbeitsmarkt und Gesundheitsversorgung ermöglichen und ihre Rechte stärken. Besonders wichtig ist, die Selbstorganisation von Geflüchteten zu unterstützen. Linke Kommunalpolitik soll als gestaltendes Mitglied flüchtlingspolitischer Netzwerke kompetente Ansprechpartnerin für die Anliegen Geflüchteter sein und Hilfe zur Selbsthilfe leisten.
`

const closingDescription = `Weil es wichtig ist, mit- und nicht nur übereinander zu sprechen, standen zum Abschluss die Lebenswirklichkeiten Geflüchteter in Nordrhein-Westfalen im Mittelpunkt. Die Veranstalter\*innen hatten selbstorganisierte westafrikanische Geflüchtete der Initiative „Voix des Migrants“ aus dem Ruhrgebiet zum Gespräch eingeladen. Ihre berührenden Schilderungen bestärkten die Teilnehmer\*innen in ihrem Vorhaben, gemeinsam Handlungsstrategien für ein solidarisches Zusammenleben zu entwickeln.
`

const nextDescription = `**Entwurf.** Die zweite Kommunale Flüchtlingskonferenz NRW greift die Forderungen der Tagung vom 13. Februar 2016 in Wuppertal auf und verfolgt sie weiter.

Ablauf, Ort und Arbeitsgruppen sind aus der ersten Konferenz übernommen und werden noch angepasst.
`
