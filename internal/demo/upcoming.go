package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/model"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
)

// The upcoming edition: dated a few months after the day the demo is
// loaded, published and open for registration, with sample registrations
// that fill it and leave a waiting list, so that a newcomer can register,
// read the needs overview and run and publish the assignment at once.

// UpcomingSlug is the slug of the upcoming edition.
const UpcomingSlug = "naechste-konferenz"

// Figures of the upcoming edition.
const (
	// UpcomingCapacity is the edition's places, for tests: fewer than the
	// sample registrations, so that the last of them wait.
	UpcomingCapacity = 36
	// upcomingWorkshopCapacity is each workshop's places: together more
	// than the edition's, so that the assignment can place everybody.
	upcomingWorkshopCapacity = 10
)

// upcomingDate is the Saturday three months or a little more after now, in loc.
func upcomingDate(now time.Time, loc *time.Location) time.Time {
	d := now.In(loc).AddDate(0, 3, 0)
	for d.Weekday() != time.Saturday {
		d = d.AddDate(0, 0, 1)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
}

// loadUpcoming makes the upcoming edition as an organiser would: a copy of
// Wuppertal (which keeps its titles and structure, not its report),
// described anew, opened, and filled through the store's own registration,
// so that counts and waiting positions are what real registrations give.
// The sample people get no confirmation email: Register is given no
// composer.
func loadUpcoming(ctx context.Context, db *store.DB, wuppertalID int64, loc *time.Location) (*model.Conference, error) {
	date := upcomingDate(db.Now(), loc)
	c, err := db.CopyConference(ctx, wuppertalID, UpcomingSlug, "3. Kommunale Flüchtlingskonferenz NRW", date)
	if err != nil {
		return nil, fmt.Errorf("demo: copy to %s: %w", UpcomingSlug, err)
	}
	closes := time.Date(date.Year(), date.Month(), date.Day()-14, 23, 59, 0, 0, loc).UTC()
	c.Subtitle = "Ankommen, Wohnen, Arbeiten: was Kommunen jetzt tun können"
	c.Description = upcomingDescription
	c.Capacity = UpcomingCapacity
	c.RegistrationClosesAt = &closes
	c.Status, c.Published = model.StatusOpen, true
	// At most half of a workshop's places go to councillors, so that every
	// room hears the people the policy is about.
	c.ShareCategory, c.MaxShare = "councillor", 50
	if err := db.UpdateConference(ctx, c); err != nil {
		return c, fmt.Errorf("demo: open %s: %w", UpcomingSlug, err)
	}

	slot, err := workshopSlot(ctx, db, c.ID)
	if err != nil {
		return c, err
	}
	facilitator, err := ensureFacilitator(ctx, db)
	if err != nil {
		return c, err
	}
	for i := range slot.Workshops {
		w := &slot.Workshops[i]
		if w.Topic == model.TopicHousing {
			w.FacilitatorIDs = []int64{facilitator.ID}
		}
		w.Capacity = upcomingWorkshopCapacity
		w.Languages = upcomingLanguages[w.Topic]
		w.Description = upcomingWorkshopDescriptions[w.Topic]
		if err := db.UpdateWorkshop(ctx, w); err != nil {
			return c, fmt.Errorf("demo: workshop %q of %s: %w", w.Title, UpcomingSlug, err)
		}
	}
	workshops := map[int64][]int64{}
	for _, w := range slot.Workshops {
		workshops[slot.ID] = append(workshops[slot.ID], w.ID)
	}
	for _, s := range samplePeople {
		r := s.registration(c.ID, slot)
		// The form's own checks, so that the samples are what people could type.
		if err := r.Validate(workshops, c.MaxChoices, true); err != nil {
			return c, fmt.Errorf("demo: sample %s: %w", s.Name, err)
		}
		if _, err := db.Register(ctx, r, nil); err != nil {
			return c, fmt.Errorf("demo: register %s: %w", s.Name, err)
		}
	}
	// Registering moved the counts on; read the edition as stored.
	stored, err := db.Conference(ctx, c.ID)
	if err != nil {
		return c, fmt.Errorf("demo: read %s: %w", UpcomingSlug, err)
	}
	return stored, nil
}

// ensureFacilitator returns the demo facilitator's account, made without a
// password if it is not there yet (EnsureOrganiser gives it one). It is
// Inken Vollmering, who moderated housing in Wuppertal and is listed on the
// copied workshop again.
func ensureFacilitator(ctx context.Context, db *store.DB) (*model.User, error) {
	u, err := db.UserByEmail(ctx, FacilitatorEmail)
	if model.ErrorCode(err) == model.ENotFound {
		u = &model.User{Email: FacilitatorEmail, Name: "Inken Vollmering", Role: model.RoleFacilitator}
		err = db.CreateUser(ctx, u)
	}
	if err != nil {
		return nil, fmt.Errorf("demo: facilitator: %w", err)
	}
	return u, nil
}

// workshopSlot returns the edition's workshop slot with its workshops.
func workshopSlot(ctx context.Context, db *store.DB, conferenceID int64) (*model.Session, error) {
	programme, err := db.Programme(ctx, conferenceID)
	if err != nil {
		return nil, fmt.Errorf("demo: programme of %s: %w", UpcomingSlug, err)
	}
	for i := range programme {
		if programme[i].Kind == model.KindWorkshopSlot {
			return &programme[i], nil
		}
	}
	return nil, fmt.Errorf("demo: %s has no workshop slot", UpcomingSlug)
}

// upcomingLanguages are what each workshop is interpreted into, by topic:
// every language the sample people need is offered in at least two rooms.
var upcomingLanguages = map[string]string{
	model.TopicHousing:   "ar,fa",
	model.TopicHealth:    "ar,ti,uk",
	model.TopicEducation: "fa,uk",
	model.TopicWork:      "ar,fa,ti",
}

var upcomingWorkshopDescriptions = map[string]string{
	model.TopicHousing:   "Wie kommen Geflüchtete aus Sammelunterkünften in eigene Wohnungen? Kommunale Wohnungsgesellschaften, Mietobergrenzen und das „Leverkusener Modell“ heute.",
	model.TopicHealth:    "Der Zugang zur Gesundheitsversorgung: Gesundheitskarte, Dolmetschen in der Praxis und psychosoziale Beratung für traumatisierte Menschen.",
	model.TopicEducation: "Schulplätze für Seiteneinsteiger\\*innen, Kita-Plätze und Sprachkurse: was Kommunen selbst in der Hand haben.",
	model.TopicWork:      "Arbeitserlaubnis, Anerkennung von Abschlüssen und Ausbildung: wie Jobcenter, Kammern und Initiativen zusammenarbeiten können.",
}

// Workshops by their place in the slot, for the sample people's choices.
const (
	wsHousing = iota
	wsHealth
	wsEducation
	wsWork
)

// sample is a sample registration; Choices are workshop positions in the
// slot, first choice first.
type sample struct {
	Name, Email, Organisation, Municipality, Category, Lang string
	Speaks, Interpreting, Access, Diet                      string
	Children                                                int
	ChildAges                                               string
	ContactName, ContactEmail                               string
	Choices                                                 []int
}

func (s sample) registration(conferenceID int64, slot *model.Session) *model.Registration {
	r := &model.Registration{ConferenceID: conferenceID, Name: s.Name, Email: model.OptionalEmail(s.Email),
		Organisation: s.Organisation, Municipality: s.Municipality, Category: s.Category, Lang: s.Lang,
		Languages: s.Speaks, Interpreting: s.Interpreting, Access: s.Access, Diet: s.Diet,
		Children: s.Children, ChildAges: s.ChildAges, ListConsent: true,
		ContactName: s.ContactName, ContactEmail: model.OptionalEmail(s.ContactEmail),
		Choices: map[int64][]int64{}}
	for _, pos := range s.Choices {
		r.Choices[slot.ID] = append(r.Choices[slot.ID], slot.Workshops[pos].ID)
	}
	return r
}

// samplePeople register in this order; the last ones beyond
// UpcomingCapacity wait. Their addresses are at example.org, which reaches
// nobody.
var samplePeople = []sample{
	{Name: "Anna Schneider", Email: "anna.schneider@example.org", Organisation: "Ratsfraktion DIE LINKE", Municipality: "Wuppertal", Category: "councillor", Lang: "de", Choices: []int{wsHousing, wsWork, wsHealth}},
	{Name: "أمل حداد", Email: "amal.haddad@example.org", Organisation: "Syrischer Frauenverein", Municipality: "Wuppertal", Category: "self_organisation", Lang: "ar", Speaks: "العربية، قليل من الألمانية", Interpreting: "ar", Children: 2, ChildAges: "3, 6", Diet: "halal", Choices: []int{wsEducation, wsHealth, wsHousing}},
	{Name: "Jürgen Wolff", Email: "juergen.wolff@example.org", Organisation: "Ratsfraktion", Municipality: "Bielefeld", Category: "councillor", Lang: "de", Choices: []int{wsHousing, wsEducation}},
	{Name: "مریم رضایی", Email: "maryam.rezaei@example.org", Organisation: "Afghanischer Kulturverein", Municipality: "Köln", Category: "self_organisation", Lang: "en", Speaks: "فارسی، English", Interpreting: "fa", Diet: "vegetarisch", Choices: []int{wsHealth, wsEducation, wsHousing}},
	{Name: "Олена Коваленко", Email: "olena.kovalenko@example.org", Municipality: "Dortmund", Category: "other", Lang: "en", Speaks: "Українська, Русский", Interpreting: "uk", Children: 1, ChildAges: "8", Choices: []int{wsEducation, wsWork}},
	{Name: "Aminata Diallo", Email: "aminata.diallo@example.org", Organisation: "Voix des Migrants", Municipality: "Bochum", Category: "self_organisation", Lang: "fr", Speaks: "Français, Wolof, Deutsch", Choices: []int{wsHousing, wsWork, wsHealth}},
	{Name: "Petra Hoffmann", Email: "petra.hoffmann@example.org", Organisation: "Sozialamt", Municipality: "Wuppertal", Category: "administration", Lang: "de", Choices: []int{wsHousing, wsHealth, wsWork}},
	{Name: "محمد الأحمد", Email: "mohammed.alahmad@example.org", Municipality: "Solingen", Category: "other", Lang: "ar", Speaks: "العربية", Interpreting: "ar", Diet: "halal", Choices: []int{wsWork, wsHousing}},
	{Name: "ተስፋይ ገብረማርያም", Organisation: "Flüchtlingshilfe Elberfeld", Municipality: "Wuppertal", Category: "other", Lang: "de", Speaks: "ትግርኛ", Interpreting: "ti", ContactName: "Renate Vogel", ContactEmail: "renate.vogel@example.org", Choices: []int{wsWork, wsHealth}},
	{Name: "Klaus Becker", Email: "klaus.becker@example.org", Organisation: "Bezirksvertretung", Municipality: "Köln", Category: "councillor", Lang: "de", Access: "Rollstuhl: stufenloser Zugang nötig", Choices: []int{wsHousing, wsWork}},
	{Name: "Claire Dubois", Email: "claire.dubois@example.org", Organisation: "Radio Ruhr", Municipality: "Essen", Category: "press", Lang: "fr", Speaks: "Français, Deutsch", Choices: []int{wsHealth, wsHousing}},
	{Name: "علی حسینی", Email: "ali.hosseini@example.org", Municipality: "Essen", Category: "self_organisation", Lang: "de", Speaks: "فارسی، دری", Interpreting: "fa", Choices: []int{wsWork, wsHousing, wsEducation}},
	{Name: "Sabine Krüger", Email: "sabine.krueger@example.org", Organisation: "Willkommensinitiative Vohwinkel", Municipality: "Wuppertal", Category: "volunteer", Lang: "de", Diet: "vegan", Choices: []int{wsEducation, wsHousing}},
	{Name: "رنا خليل", Email: "rana.khalil@example.org", Organisation: "Beratungsstelle für Geflüchtete", Municipality: "Düsseldorf", Category: "counselling", Lang: "ar", Speaks: "العربية، Deutsch", Choices: []int{wsHealth, wsEducation}},
	{Name: "Андрій Шевченко", Email: "andrii.shevchenko@example.org", Municipality: "Bonn", Category: "other", Lang: "en", Speaks: "Українська", Interpreting: "uk", Choices: []int{wsWork, wsHealth}},
	{Name: "Thomas Lehmann", Email: "thomas.lehmann@example.org", Organisation: "Ratsfraktion", Municipality: "Dortmund", Category: "councillor", Lang: "de", Choices: []int{wsWork, wsHousing}},
	{Name: "Moussa Traoré", Email: "moussa.traore@example.org", Organisation: "Voix des Migrants", Municipality: "Bochum", Category: "self_organisation", Lang: "fr", Speaks: "Français, Bambara", Diet: "halal", Choices: []int{wsHousing, wsWork}},
	{Name: "ሃብታም ተወልደ", Email: "habtom.tewelde@example.org", Municipality: "Hagen", Category: "other", Lang: "en", Speaks: "ትግርኛ, English", Interpreting: "ti", Children: 3, ChildAges: "1, 4, 7", Choices: []int{wsHealth, wsWork}},
	{Name: "Monika Schäfer", Email: "monika.schaefer@example.org", Organisation: "Jugendamt", Municipality: "Remscheid", Category: "administration", Lang: "de", Choices: []int{wsEducation, wsHealth}},
	{Name: "يوسف الشامي", Email: "youssef.alshami@example.org", Organisation: "Jugendzentrum", Municipality: "Wuppertal", Category: "volunteer", Lang: "ar", Speaks: "العربية، Deutsch", Choices: []int{wsEducation, wsWork}},
	{Name: "Dieter Brandt", Email: "dieter.brandt@example.org", Organisation: "Kreistagsfraktion", Municipality: "Mettmann", Category: "councillor", Lang: "de", Access: "Induktionsschleife (Hörgerät)", Choices: []int{wsHousing, wsHealth}},
	{Name: "فاطمه احمدی", Email: "fatemeh.ahmadi@example.org", Municipality: "Köln", Category: "other", Lang: "en", Speaks: "فارسی", Interpreting: "fa", Children: 1, ChildAges: "2", Choices: []int{wsHousing, wsHealth}},
	{Name: "Ursula Meyer", Email: "ursula.meyer@example.org", Organisation: "Flüchtlingsrat", Municipality: "Essen", Category: "counselling", Lang: "de", Diet: "vegetarisch", Choices: []int{wsHealth, wsHousing}},
	{Name: "Тарас Мельник", Email: "taras.melnyk@example.org", Municipality: "Wuppertal", Category: "other", Lang: "en", Speaks: "Українська, Polski", Interpreting: "uk", Choices: []int{wsHousing, wsEducation}},
	{Name: "Frank Zimmermann", Email: "frank.zimmermann@example.org", Organisation: "Ratsfraktion", Municipality: "Solingen", Category: "councillor", Lang: "de", Choices: []int{wsWork, wsEducation}},
	{Name: "ليلى منصور", Email: "laila.mansour@example.org", Organisation: "Elterncafé", Municipality: "Düsseldorf", Category: "self_organisation", Lang: "ar", Speaks: "العربية", Interpreting: "ar", Children: 2, ChildAges: "5, 9", Choices: []int{wsEducation, wsHousing}},
	{Name: "Ibrahima Sow", Email: "ibrahima.sow@example.org", Municipality: "Gelsenkirchen", Category: "other", Lang: "fr", Speaks: "Français, Peul", Choices: []int{wsWork, wsEducation}},
	{Name: "Birgit Koch", Email: "birgit.koch@example.org", Organisation: "Integrationsrat", Municipality: "Bielefeld", Category: "councillor", Lang: "de", Diet: "glutenfrei", Choices: []int{wsEducation, wsHousing}},
	{Name: "رضا کریمی", Email: "reza.karimi@example.org", Municipality: "Bonn", Category: "other", Lang: "de", Speaks: "فارسی", Interpreting: "fa", Choices: []int{wsWork, wsHealth}},
	{Name: "Hannah Yılmaz", Email: "hannah.yilmaz@example.org", Organisation: "Kommunales Integrationszentrum", Municipality: "Wuppertal", Category: "administration", Lang: "de", Speaks: "Deutsch, Türkçe", Choices: []int{wsHousing, wsEducation}},
	{Name: "عمر السيد", Email: "omar.elsayed@example.org", Municipality: "Köln", Category: "other", Lang: "ar", Speaks: "العربية", Interpreting: "ar", Access: "Gehhilfe, bitte Platz nahe der Tür", Choices: []int{wsHealth, wsHousing}},
	{Name: "Stefan Richter", Email: "stefan.richter@example.org", Organisation: "WDR", Municipality: "Köln", Category: "press", Lang: "de", Choices: []int{wsHousing}},
	{Name: "Наталія Ткаченко", Email: "nataliia.tkachenko@example.org", Municipality: "Essen", Category: "other", Lang: "en", Speaks: "Українська", Interpreting: "uk", Children: 1, ChildAges: "4", Choices: []int{wsHealth, wsEducation}},
	{Name: "ዮናስ ብርሃነ", Email: "yonas.berhane@example.org", Organisation: "Eritreischer Verein", Municipality: "Dortmund", Category: "self_organisation", Lang: "en", Speaks: "ትግርኛ, English", Interpreting: "ti", Choices: []int{wsHousing, wsWork}},
	{Name: "Mehmet Demir", Email: "mehmet.demir@example.org", Organisation: "Ratsfraktion", Municipality: "Gelsenkirchen", Category: "councillor", Lang: "de", Diet: "halal", Choices: []int{wsHousing, wsWork}},
	{Name: "هبة درويش", Email: "heba.darwish@example.org", Organisation: "Frauenberatung", Municipality: "Wuppertal", Category: "counselling", Lang: "ar", Speaks: "العربية، Deutsch", Choices: []int{wsHealth, wsEducation}},
	// Beyond the capacity: these wait.
	{Name: "Lena Fischer", Email: "lena.fischer@example.org", Organisation: "Studierendeninitiative", Municipality: "Wuppertal", Category: "volunteer", Lang: "de", Choices: []int{wsEducation, wsHousing}},
	{Name: "Fatoumata Camara", Email: "fatoumata.camara@example.org", Municipality: "Bochum", Category: "self_organisation", Lang: "fr", Speaks: "Français", Children: 2, ChildAges: "2, 5", Choices: []int{wsHealth, wsHousing}},
	{Name: "زهرا محمدی", Email: "zahra.mohammadi@example.org", Municipality: "Köln", Category: "other", Lang: "en", Speaks: "فارسی", Interpreting: "fa", Choices: []int{wsEducation, wsHealth}},
	{Name: "Ірина Бондаренко", Email: "iryna.bondarenko@example.org", Municipality: "Dortmund", Category: "other", Lang: "en", Speaks: "Українська", Interpreting: "uk", Choices: []int{wsWork, wsEducation}},
	{Name: "ሰላም ኪዳነ", Email: "selam.kidane@example.org", Municipality: "Hagen", Category: "other", Lang: "en", Speaks: "ትግርኛ", Interpreting: "ti", Diet: "vegetarisch", Choices: []int{wsHealth, wsWork}},
	{Name: "Jens Albers", Email: "jens.albers@example.org", Organisation: "Ratsfraktion", Municipality: "Hagen", Category: "councillor", Lang: "de", Choices: []int{wsWork, wsHousing}},
}

const upcomingDescription = `Die dritte Kommunale Flüchtlingskonferenz NRW greift die Forderungen aus Wuppertal auf: Was ist aus dem gleichberechtigten Zugang zu Wohnung, Bildung, Arbeitsmarkt und Gesundheitsversorgung geworden, und was können Kommunen jetzt tun?

Eingeladen sind kommunale Mandatsträger\*innen, Verwaltung, Initiativen und Selbstorganisationen Geflüchteter. In den Arbeitsgruppen wird ins Arabische, Farsi, Ukrainische und Tigrinya gedolmetscht; eine Kinderbetreuung wird angeboten.
`
