package demo

import (
	"context"
	"fmt"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
)

// loadMinutes gives Wuppertal published minutes for its four workshops and
// its keynote, summarising the report's sections (the report has none for
// Arbeit, and its minutes say so), and the upcoming edition's housing
// workshop a draft of minutes for the demo facilitator to try the editor
// on. They are written by the demo facilitator's account and published
// without audit events: nobody decided anything in a demo.
func loadMinutes(ctx context.Context, db *store.DB, wuppertalID, upcomingID int64) error {
	author, err := ensureFacilitator(ctx, db)
	if err != nil {
		return err
	}
	programme, err := db.Programme(ctx, wuppertalID)
	if err != nil {
		return fmt.Errorf("demo: programme of %s: %w", WuppertalSlug, err)
	}
	for _, s := range programme {
		if s.Kind == model.KindKeynote {
			m, err := db.SessionMinutes(ctx, s.ID)
			if err != nil {
				return fmt.Errorf("demo: minutes of %q: %w", s.Title, err)
			}
			if err := publishDemoMinutes(ctx, db, m.ID, author, keynoteMinutes); err != nil {
				return err
			}
		}
		for _, w := range s.Workshops {
			m, err := db.WorkshopMinutes(ctx, w.ID)
			if err != nil {
				return fmt.Errorf("demo: minutes of %q: %w", w.Title, err)
			}
			if err := publishDemoMinutes(ctx, db, m.ID, author, workshopMinutes[w.Topic]); err != nil {
				return err
			}
		}
	}
	slot, err := workshopSlot(ctx, db, upcomingID)
	if err != nil {
		return err
	}
	for _, w := range slot.Workshops {
		if w.Topic != model.TopicHousing {
			continue
		}
		m, err := db.WorkshopMinutes(ctx, w.ID)
		if err != nil {
			return fmt.Errorf("demo: draft minutes: %w", err)
		}
		_, err = db.SaveMinutes(ctx, m.ID, store.MinutesEdit{Body: draftMinutes, Language: "de", By: author,
			Cause: model.RevisionSaved, Allowed: []string{model.MinutesDraft}})
		if err != nil {
			return fmt.Errorf("demo: draft minutes: %w", err)
		}
	}
	return nil
}

// publishDemoMinutes writes minutes and takes them the whole way to the
// public page, as a facilitator and an organiser would.
func publishDemoMinutes(ctx context.Context, db *store.DB, id int64, author *model.User, body string) error {
	_, err := db.SaveMinutes(ctx, id, store.MinutesEdit{Body: body, Language: "de", By: author,
		Cause: model.RevisionSaved, Allowed: []string{model.MinutesDraft}})
	if err != nil {
		return fmt.Errorf("demo: minutes %d: %w", id, err)
	}
	for _, step := range []store.MinutesMove{
		{From: []string{model.MinutesDraft}, To: model.MinutesSubmitted},
		{From: []string{model.MinutesSubmitted}, To: model.MinutesApproved},
		{From: []string{model.MinutesApproved}, To: model.MinutesPublished},
	} {
		if err := db.MoveMinutes(ctx, id, step); err != nil {
			return fmt.Errorf("demo: minutes %d to %s: %w", id, step.To, err)
		}
	}
	return nil
}

const keynoteMinutes = `Thomas Zitzmann (Kölner Flüchtlingsrat) gab einen Überblick über die Flüchtlingspolitik des Landes. NRW hat 2015 etwa 330.000 Geflüchtete aufgenommen; rund 35.600 von ihnen lebten zunächst in einer der 295 Aufnahmeeinrichtungen des Landes.

Die Unterbringung dort sei für besonders Schutzbedürftige oft nicht menschenwürdig, das Kindeswohl komme zu kurz, und Menschen aus den Balkanstaaten würden getrennt untergebracht, damit sie schnell abgeschoben werden können. Die Landespolitik schwanke zwischen Willkommen (bessere Unterbringung, mehr Beratung und Integrationsangebote, Gewaltschutz) und Abschreckung („Aktionsplan Westbalkan“). Die Zahl flüchtlingsfeindlicher Straftaten hat sich 2015 verachtfacht: 214 Angriffe auf Geflüchtete und ihre Unterkünfte.

## Forderungen an die Kommunen

- Aufenthalt für Geduldete fair und geordnet prüfen
- das Recht auf Schulbesuch umsetzen, auch für Volljährige
- eine Willkommensinfrastruktur aufbauen, die nicht allein vom Ehrenamt getragen wird
`

// workshopMinutes are Wuppertal's workshop minutes by topic.
var workshopMinutes = map[string]string{
	model.TopicHousing: `Moderation: Inken Vollmering und Knut Unger. Im Mittelpunkt stand bezahlbarer Wohnraum: In NRW fehlen nach Presseberichten rund 400.000 Wohnungen, vor allem weil der soziale Wohnungsbau lange vernachlässigt wurde. Selbst vorhandene Fördermittel werden oft nicht abgerufen, weil sich für günstige Wohnungen keine Träger finden.

Wo Kommunen ihre Verantwortung nicht wahrnehmen, entstehen fragwürdige Märkte: überteuerte, überbelegte Wohnungen, teure Wohnungsvermittlung und bezahlte Übersetzung bei Behördengängen, solange Ämter nicht selbst dolmetschen. Das „Leverkusener Modell“ zeigt, wie Unterbringung außerhalb von Sammelunterkünften gelingen kann. Die Initiative „Voix des Migrants“ berichtete dagegen von Entscheidungen, die das Ankommen erschweren, etwa einen verweigerten Umzug zu einer Praktikumsstelle.

## Ergebnisse

- eine neue Wohnungsgemeinnützigkeit und bezahlbarer Wohnraum für alle
- kommunale Grundstückspolitik und lange leerstehende Häuser in den Blick nehmen; Initiativen wie die Hausbesetzung in Köln-Sülz brauchen Unterstützung
- neue Hausgemeinschaften mit Moderation und Übersetzung begleiten
- Orte der Begegnung schaffen, denn Isolation ist eines der größten Probleme
`,
	model.TopicHealth: `Anamaria Diaz stellte die Medizinische Flüchtlingshilfe Bochum vor. Sie hält Vorträge bei Gruppen, Initiativen und Einrichtungen, damit der Umgang mit traumatisierten Geflüchteten besser gelingt.

Der Alltag vieler Geflüchteter ist von fremder Sprache und Umgebung, der Angst vor Abschiebung, dem Leben in Sammelunterkünften ohne Arbeitserlaubnis und von rassistischen Angriffen geprägt; viele haben Folter überlebt. Beratung hilft, ersetzt aber keine politischen Entscheidungen: Voraussetzung jeder erfolgreichen Behandlung ist ein rechtlich gesicherter Aufenthalt. Deshalb gehören Vernetzung, Fortbildung von Behörden und öffentliche Aktionen für die Rechte Geflüchteter zur Arbeit der MFH.

## Fragen aus der Diskussion

- Wo finden sich Psychotherapeut\*innen und Ärzt\*innen mit Erfahrung in der Behandlung Geflüchteter?
- Wie und wo finden sich qualifizierte Dolmetscher\*innen?
- Was ist zu tun, wenn Geflüchtete traumatisiert sind?
`,
	model.TopicEducation: `Moderation: Gunhild Böth, Stadträtin in Wuppertal. Das NRW-Schulgesetz gibt jedem jungen Menschen ein Recht auf schulische Bildung, unabhängig von Herkunft und Aufenthaltsstatus. Schulpflichtig sind auch Kinder aus Familien im Asylverfahren und Ausreisepflichtige bis zur Ausreise. Kommunalpolitik sollte prüfen, ob dieses Recht überall verwirklicht wird, auch der Anspruch auf Deutschförderung und muttersprachlichen Unterricht.

Seiteneinsteigerklassen sollen Übergang bleiben: Kinder und Jugendliche gehören so früh wie möglich in die Regelklasse, zuerst in Fächern wie Kunst, Sport und Musik. Eigene „Seiteneinsteigerschulen“ stehen der Integration entgegen.

## Ergebnisse

- prüfen, ob geflüchtete Lehrkräfte für den Muttersprachenunterricht gewonnen werden können
- ausgelagerte Seiteneinsteigerschulen verhindern
- Eltern über das Schulsystem beraten, vor allem durch die kommunalen Integrationszentren
- Berufskollegs unterstützen, die auch Jugendliche über das Schulpflichtalter hinaus unterrichten
`,
	model.TopicWork: `Für die Arbeitsgruppe Arbeit wurde kein Bericht geschrieben. Die Dokumentation der Tagung nennt nur ihr Thema, den Zugang Geflüchteter zum Arbeitsmarkt.

## Was alle Arbeitsgruppen gemeinsam forderten

- ein gleichberechtigter, diskriminierungsfreier Zugang zum Arbeitsmarkt im Rahmen der kommunalen Spielräume
- die Rechte Geflüchteter stärken und ihre Selbstorganisation unterstützen
`,
}

// draftMinutes is the draft the demo facilitator finds in the upcoming
// edition's housing workshop.
const draftMinutes = `Moderation: Inken Vollmering

## Ergebnisse

- 

## Forderungen an die Kommunen

- 
`
