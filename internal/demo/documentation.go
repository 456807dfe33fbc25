package demo

import (
	"context"
	"fmt"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
)

// loadDocumentation adds to Wuppertal what its documentation (the PDF)
// shows beyond the report's sections: the health workshop's demand for
// care without papers, naming Médecins du Monde, whose clinics treat
// people without health insurance. It is adopted with its vote, like the
// others.
func loadDocumentation(ctx context.Context, db *store.DB, wuppertal *model.Conference) error {
	slot, err := workshopSlot(ctx, db, wuppertal.ID)
	if err != nil {
		return err
	}
	r := &model.Resolution{ConferenceID: wuppertal.ID, Title: "Gesundheitsversorgung ohne Hürden",
		Body: "Die Kommunen führen die **elektronische Gesundheitskarte** für Geflüchtete ein und richten einen " +
			"anonymen Behandlungsschein für Menschen ohne Papiere ein – nach dem Vorbild der Praxen von " +
			"Médecins du Monde und der „Medizinischen Flüchtlingshilfe Bochum“.",
		Reasoning: "Wer für jeden Arztbesuch erst einen Schein beim Sozialamt in der Neuen Straße holen muss, " +
			"wird zu spät behandelt.",
		Topic: model.TopicHealth, AddresseeLevel: model.LevelMunicipality, AddresseeName: "Räte der Städte und Gemeinden in NRW"}
	for _, w := range slot.Workshops {
		if w.Topic == model.TopicHealth {
			r.WorkshopID = &w.ID
		}
	}
	if err := db.CreateResolution(ctx, r); err != nil {
		return fmt.Errorf("demo: demand %q: %w", r.Title, err)
	}
	if err := db.ProposeResolution(ctx, r.ID); err != nil {
		return fmt.Errorf("demo: propose %q: %w", r.Title, err)
	}
	vote := []model.VoteGroup{{Label: "Alle", Yes: 53, No: 1, Abstain: 3}}
	if err := db.RecordVote(ctx, r.ID, vote, model.ResAdopted, nil); err != nil {
		return fmt.Errorf("demo: vote on %q: %w", r.Title, err)
	}
	return nil
}
