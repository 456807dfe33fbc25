package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
)

// The demands of Wuppertal, as the seed report names them: those the
// keynote addressed to the municipalities (a fair review of residence for
// tolerated people, school for adults, a welcome infrastructure not only
// carried by volunteers) and those of the workshops and the closing
// (non-profit housing, interpretation in public offices, classes for
// newcomers as a bridge, support for refugees' self-organisation). All are
// adopted with their votes, some with follow-ups, so that the upcoming
// edition's page shows "what became of our demands". The upcoming edition
// has one demand before its plenary, with an open amendment, for the demo
// facilitator and organiser to try.

// demoDemand is one adopted demand of Wuppertal.
type demoDemand struct {
	Title, Body, Reasoning string
	Topic                  string // also its workshop's, if Workshop
	Workshop               bool   // drafted in the workshop of its topic
	Level, Addressee       string
	Vote                   []model.VoteGroup
	FollowUps              []demoFollowUp
}

type demoFollowUp struct {
	On         string // 2006-01-02
	Kind, Note string
	During     bool // entered during the second edition (September 2016)
}

// loadResolutions adds the demands to Wuppertal and the upcoming edition.
func loadResolutions(ctx context.Context, db *store.DB, wuppertal, next, upcoming *model.Conference) error {
	slot, err := workshopSlot(ctx, db, wuppertal.ID)
	if err != nil {
		return err
	}
	byTopic := map[string]int64{}
	for _, w := range slot.Workshops {
		byTopic[w.Topic] = w.ID
	}
	for _, d := range wuppertalDemands {
		r := &model.Resolution{ConferenceID: wuppertal.ID, Title: d.Title, Body: d.Body, Reasoning: d.Reasoning,
			Topic: d.Topic, AddresseeLevel: d.Level, AddresseeName: d.Addressee}
		if d.Workshop {
			id := byTopic[d.Topic]
			r.WorkshopID = &id
		}
		if err := db.CreateResolution(ctx, r); err != nil {
			return fmt.Errorf("demo: demand %q: %w", d.Title, err)
		}
		if err := db.ProposeResolution(ctx, r.ID); err != nil {
			return fmt.Errorf("demo: propose %q: %w", d.Title, err)
		}
		if err := db.RecordVote(ctx, r.ID, d.Vote, model.ResAdopted, nil); err != nil {
			return fmt.Errorf("demo: vote on %q: %w", d.Title, err)
		}
		for _, f := range d.FollowUps {
			on, err := time.Parse(time.DateOnly, f.On)
			if err != nil {
				return fmt.Errorf("demo: follow-up of %q: %w", d.Title, err)
			}
			fu := &model.FollowUp{ResolutionID: r.ID, OccurredOn: on, Kind: f.Kind, Note: f.Note}
			if f.During {
				fu.ConferenceID = &next.ID
			}
			if err := db.AddFollowUp(ctx, fu, nil); err != nil {
				return fmt.Errorf("demo: follow-up of %q: %w", d.Title, err)
			}
		}
	}
	return loadOpenDemand(ctx, db, upcoming)
}

// loadOpenDemand puts a demand of the upcoming edition's housing workshop,
// drafted by the demo facilitator, before its plenary with an amendment
// still open.
func loadOpenDemand(ctx context.Context, db *store.DB, upcoming *model.Conference) error {
	slot, err := workshopSlot(ctx, db, upcoming.ID)
	if err != nil {
		return err
	}
	facilitator, err := ensureFacilitator(ctx, db)
	if err != nil {
		return err
	}
	var housing int64
	for _, w := range slot.Workshops {
		if w.Topic == model.TopicHousing {
			housing = w.ID
		}
	}
	r := &model.Resolution{ConferenceID: upcoming.ID, WorkshopID: &housing, CreatedBy: &facilitator.ID,
		Title: "Wohnungen statt Sammelunterkünfte",
		Body: "Die Kommunen bringen Geflüchtete nach spätestens drei Monaten in Wohnungen unter. " +
			"Sie mieten dafür leerstehende Wohnungen an und nutzen das Leverkusener Modell als Vorbild.",
		Reasoning: "Sammelunterkünfte isolieren und machen krank; das Leverkusener Modell zeigt, dass es anders geht.",
		Topic:     model.TopicHousing, AddresseeLevel: model.LevelMunicipality, AddresseeName: "Räte der Städte und Gemeinden in NRW"}
	if err := db.CreateResolution(ctx, r); err != nil {
		return fmt.Errorf("demo: open demand: %w", err)
	}
	if err := db.ProposeResolution(ctx, r.ID); err != nil {
		return fmt.Errorf("demo: propose open demand: %w", err)
	}
	am := &model.Amendment{ResolutionID: r.ID,
		Body: "Die Kommunen bringen Geflüchtete nach spätestens sechs Wochen in Wohnungen unter. " +
			"Sie mieten dafür leerstehende Wohnungen an, bieten Moderation und Übersetzung für neue Hausgemeinschaften " +
			"und nutzen das Leverkusener Modell als Vorbild.",
		Reason: "Drei Monate sind zu lang, und neue Hausgemeinschaften brauchen Unterstützung beim Zusammenleben."}
	if err := db.ProposeAmendment(ctx, am, facilitator); err != nil {
		return fmt.Errorf("demo: amendment: %w", err)
	}
	return nil
}

var wuppertalDemands = []demoDemand{
	{
		Title: "Faire und strukturierte Prüfung der Aufenthaltsgewährung für Geduldete",
		Body: "Die Ausländerbehörden prüfen für jede geduldete Person fair und nach festen Kriterien, " +
			"ob ihr ein Aufenthalt gewährt werden kann, und nutzen die Ermessensspielräume zu ihren Gunsten.",
		Reasoning: "Eine Duldung ist kein Leben: Wer in ständiger Angst vor Abschiebung lebt, kann nicht ankommen.",
		Topic:     model.TopicOther, Level: model.LevelMunicipality, Addressee: "Ausländerbehörden der Kommunen in NRW",
		Vote: []model.VoteGroup{{Label: "Mandatsträger*innen mit Stimmrecht", Yes: 36, No: 2, Abstain: 3},
			{Label: "Beratende Teilnehmende", Yes: 14, No: 0, Abstain: 1}},
		FollowUps: []demoFollowUp{
			{On: "2016-03-15", Kind: model.FollowSent, Note: "An die Oberbürgermeister\\*innen und Landrät\\*innen in NRW geschickt."},
			{On: "2016-06-20", Kind: model.FollowAnswered, Note: "Köln und Bielefeld antworten: Die Kriterien werden überarbeitet."},
			{On: "2016-09-17", Kind: model.FollowPartlyImplemented, Note: "In Köln prüft eine Clearingstelle jede Duldung.", During: true},
		},
	},
	{
		Title: "Recht auf Schulbesuch auch für Volljährige",
		Body: "Das Land setzt das Recht auf Schulbesuch für alle Geflüchteten um und hebt die Zugangsbeschränkung " +
			"für Volljährige auf; Berufskollegs dürfen auch über das Schulpflichtalter hinaus beschulen.",
		Reasoning: "Viele junge Geflüchtete sind gerade volljährig und haben Jahre der Schule verloren.",
		Topic:     model.TopicEducation, Workshop: true, Level: model.LevelState, Addressee: "Ministerium für Schule und Weiterbildung NRW",
		Vote: []model.VoteGroup{{Label: "Alle", Yes: 51, No: 3, Abstain: 4}},
		FollowUps: []demoFollowUp{
			{On: "2016-03-01", Kind: model.FollowSent, Note: "An das Ministerium und die Schulausschüsse geschickt."},
			{On: "2016-05-12", Kind: model.FollowAnswered, Note: "Das Ministerium verweist auf die internationalen Förderklassen der Berufskollegs."},
		},
	},
	{
		Title: "Eine neue Wohnungsgemeinnützigkeit",
		Body: "Der Bund führt eine neue Wohnungsgemeinnützigkeit ein, damit gemeinnützige Träger bezahlbaren " +
			"Wohnraum für alle bauen, und die Kommunen rufen die Mittel des sozialen Wohnungsbaus vollständig ab.",
		Reasoning: "Allein in NRW fehlen rund 400.000 Wohnungen; für private Investoren lohnt sich erschwinglicher Wohnraum nicht.",
		Topic:     model.TopicHousing, Workshop: true, Level: model.LevelFederal, Addressee: "Deutscher Bundestag",
		Vote: []model.VoteGroup{{Label: "Alle", Yes: 47, No: 5, Abstain: 6}},
		FollowUps: []demoFollowUp{
			{On: "2016-04-04", Kind: model.FollowSent, Note: "An die Abgeordneten aus NRW geschickt."},
		},
	},
	{
		Title: "Dolmetschung in Behörden und Ämtern",
		Body: "Behörden und Ämter bieten bei Terminen von Geflüchteten kostenlos Dolmetschung an, " +
			"damit kein überteuerter Markt für Übersetzungsdienste entsteht.",
		Reasoning: "Der Markt für Übersetzungen bei Behördengängen kann nur florieren, solange Ämter keine Dolmetschung anbieten.",
		Topic:     model.TopicHousing, Workshop: true, Level: model.LevelMunicipality, Addressee: "Rat der Stadt Wuppertal",
		Vote: []model.VoteGroup{{Label: "Alle", Yes: 55, No: 0, Abstain: 2}},
		FollowUps: []demoFollowUp{
			{On: "2016-03-10", Kind: model.FollowSent, Note: "An den Rat der Stadt Wuppertal geschickt."},
			{On: "2016-11-30", Kind: model.FollowPartlyImplemented, Note: "Das Sozialamt bietet Dolmetschung in Arabisch und Farsi an, andere Ämter noch nicht."},
		},
	},
	{
		Title: "Selbstorganisation von Geflüchteten unterstützen",
		Body: "Die Kommunen unterstützen die Selbstorganisation von Geflüchteten mit Räumen und Mitteln und " +
			"beteiligen sie an flüchtlingspolitischen Netzwerken als gleichberechtigte Partner.",
		Reasoning: "Es ist wichtig, mit- und nicht nur übereinander zu sprechen, wie das Gespräch mit Voix des Migrants gezeigt hat.",
		Topic:     model.TopicOther, Level: model.LevelMunicipality, Addressee: "Räte der Städte und Gemeinden in NRW",
		Vote: []model.VoteGroup{{Label: "Alle", Yes: 58, No: 0, Abstain: 1}},
	},
	{
		Title: "Willkommenskultur nicht nur im Ehrenamt",
		Body: "Die Kommunen bauen eine willkommenskulturelle Infrastruktur auf und aus, die nicht nur ehrenamtlich " +
			"getragen wird: mit hauptamtlichen Stellen und Orten der Begegnung.",
		Topic: model.TopicOther, Level: model.LevelMunicipality, Addressee: "Räte der Städte und Gemeinden in NRW",
		Vote: []model.VoteGroup{{Label: "Alle", Yes: 49, No: 2, Abstain: 5}},
		FollowUps: []demoFollowUp{
			{On: "2016-09-17", Kind: model.FollowSent, Note: "Auf der zweiten Konferenz an die anwesenden Ratsmitglieder übergeben.", During: true},
		},
	},
	{
		Title: "Seiteneinsteigerklassen als Übergang, nicht als eigene Schulen",
		Body: "Seiteneinsteigerklassen bleiben Übergangsmaßnahmen an den Regelschulen; die Kommunen gründen keine " +
			"eigenen Seiteneinsteigerschulen und beraten Eltern über die kommunalen Integrationszentren.",
		Topic: model.TopicEducation, Workshop: true, Level: model.LevelMunicipality, Addressee: "Schulausschüsse der Kommunen in NRW",
		Vote: []model.VoteGroup{{Label: "Alle", Yes: 44, No: 4, Abstain: 8}},
	},
}
