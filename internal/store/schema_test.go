package store_test

import (
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/lib/pq"

	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store"
	"github.com/kommunale-fluechtlingskonferenz/konferenz/internal/store/storetest"
)

// The two migration folders describe one schema. After migrating, each
// database is read back (tables, columns with a class of type, nullability
// and whether they have a default, primary keys, unique constraints and
// indexes, foreign keys with their actions, checks, other indexes) into
// lines that mean the same on both, and the lines must be the same.
func TestMigrationsAgree(t *testing.T) {
	lite := migratedSchema(t, store.SQLite)
	pg := migratedSchema(t, store.Postgres)
	for _, s := range [][]string{lite, pg} {
		// A reader that found nothing would agree with the other one.
		for _, want := range []string{"table conferences", "conferences: column capacity integer not null default",
			"conferences: primary key (id)", "conferences: unique (slug)",
			"workshops: foreign key (session_id, slot_kind) references sessions (id, kind) on delete no action on update no action",
			"conferences: check [capacity] [0]", "registrations: index registrations_queue (conference_id, status, created_at, id)"} {
			if !slices.Contains(s, want) {
				t.Fatalf("the schema read back lacks %q:\n%s", want, strings.Join(s, "\n"))
			}
		}
	}
	if onlyLite, onlyPG := difference(lite, pg), difference(pg, lite); len(onlyLite) > 0 || len(onlyPG) > 0 {
		t.Errorf("the migration folders disagree.\nonly in migrations/sqlite:\n\t%s\nonly in migrations/postgres:\n\t%s",
			strings.Join(onlyLite, "\n\t"), strings.Join(onlyPG, "\n\t"))
	}
}

// difference returns the lines of a that b lacks.
func difference(a, b []string) []string {
	var out []string
	for _, line := range a {
		if !slices.Contains(b, line) {
			out = append(out, line)
		}
	}
	return out
}

// migratedSchema migrates a fresh database of the dialect and reads its
// schema back, sorted.
func migratedSchema(t *testing.T, dialect string) []string {
	t.Helper()
	url := storetest.URL(t, dialect)
	db, err := store.Open(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(t.Context(), slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	var lines []string
	if dialect == store.SQLite {
		raw, err := sql.Open("sqlite", "file:"+strings.TrimPrefix(url, "sqlite:"))
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		lines, err = sqliteSchema(raw)
		if err != nil {
			t.Fatal(err)
		}
	} else {
		dsn, _, err := store.PostgresDSN(url)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := sql.Open("postgres", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		lines, err = postgresSchema(raw)
		if err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(lines)
	return lines
}

// typeClass is what both databases mean by a declared column type, by
// SQLite's rules of affinity. SQLite keeps booleans as integers.
func typeClass(declared string) string {
	d := strings.ToUpper(declared)
	switch {
	case strings.Contains(d, "INT"), d == "BOOLEAN":
		return "integer"
	case strings.Contains(d, "CHAR"), strings.Contains(d, "TEXT"), strings.Contains(d, "CLOB"):
		return "text"
	case strings.Contains(d, "TIMESTAMP"), strings.Contains(d, "DATETIME"), d == "DATE":
		return "time"
	case strings.Contains(d, "REAL"), strings.Contains(d, "DOUBLE"), strings.Contains(d, "FLOA"):
		return "real"
	case d == "BLOB", d == "BYTEA":
		return "blob"
	}
	return "other " + strings.ToLower(declared)
}

// columnLine describes a column as both databases can.
func columnLine(table, name, declared string, notNull, hasDefault bool) string {
	line := fmt.Sprintf("%s: column %s %s", table, name, typeClass(declared))
	if notNull {
		line += " not null"
	}
	if hasDefault {
		line += " default"
	}
	return line
}

var (
	sqlComment = regexp.MustCompile(`--[^\n]*`)
	checkToken = regexp.MustCompile(`'(?:[^']|'')*'|[0-9]+(?:\.[0-9]+)?|[A-Za-z_][A-Za-z0-9_]*`)
)

// checkLine reduces a CHECK expression to the columns it names and the
// literals it holds, which survive PostgreSQL's rewriting of it (IN becomes
// = ANY (ARRAY[...]), BETWEEN two comparisons, literals gain casts).
func checkLine(table, expr string, columns []string) string {
	var names, literals []string
	for _, tok := range checkToken.FindAllString(expr, -1) {
		switch {
		case strings.HasPrefix(tok, "'") || tok[0] >= '0' && tok[0] <= '9':
			literals = append(literals, tok)
		case slices.Contains(columns, tok):
			names = append(names, tok)
		}
	}
	slices.Sort(names)
	slices.Sort(literals)
	return fmt.Sprintf("%s: check [%s] [%s]", table, strings.Join(slices.Compact(names), " "),
		strings.Join(slices.Compact(literals), " "))
}

// checks returns the expressions of the CHECK constraints in a CREATE TABLE
// statement, column constraints and table constraints alike.
func checks(createTable string) []string {
	s := sqlComment.ReplaceAllString(createTable, "")
	var out []string
	for {
		i := strings.Index(strings.ToUpper(s), "CHECK")
		if i < 0 {
			return out
		}
		s = strings.TrimLeft(s[i+len("CHECK"):], " \t\n")
		if !strings.HasPrefix(s, "(") {
			continue
		}
		depth, quoted := 0, false
		for j, r := range s {
			switch {
			case r == '\'':
				quoted = !quoted
			case quoted:
			case r == '(':
				depth++
			case r == ')':
				depth--
			}
			if depth == 0 {
				out = append(out, s[1:j])
				s = s[j:]
				break
			}
		}
	}
}

// sqliteSchema reads the schema from SQLite's pragmas, and the CHECKs from
// the CREATE TABLE statements it keeps, as ALTER TABLE left them.
func sqliteSchema(db *sql.DB) ([]string, error) {
	rows, err := db.Query(`SELECT name, sql FROM sqlite_master WHERE type = 'table'
		AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name <> 'goose_db_version'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tables := map[string]string{}
	for rows.Next() {
		var name, create string
		if err := rows.Scan(&name, &create); err != nil {
			return nil, err
		}
		tables[name] = create
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var lines []string
	for table, create := range tables {
		lines = append(lines, "table "+table)
		cols, err := sqliteTable(db, table, &lines)
		if err != nil {
			return nil, err
		}
		for _, expr := range checks(create) {
			lines = append(lines, checkLine(table, expr, cols))
		}
		if err := sqliteIndexes(db, table, &lines); err != nil {
			return nil, err
		}
		if err := sqliteForeignKeys(db, table, &lines); err != nil {
			return nil, err
		}
	}
	return lines, nil
}

// sqliteTable adds a table's columns and primary key and returns the
// column names. A primary key column counts as not null, as in PostgreSQL;
// SQLite would take NULL in one that is not an INTEGER PRIMARY KEY, but the
// store never writes one.
func sqliteTable(db *sql.DB, table string, lines *[]string) ([]string, error) {
	rows, err := db.Query(`SELECT name, type, "notnull", dflt_value IS NOT NULL, pk FROM pragma_table_info(?) ORDER BY pk, cid`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names, pk []string
	for rows.Next() {
		var name, declared string
		var notNull, hasDefault bool
		var pkPos int
		if err := rows.Scan(&name, &declared, &notNull, &hasDefault, &pkPos); err != nil {
			return nil, err
		}
		names = append(names, name)
		if pkPos > 0 {
			pk = append(pk, name)
		}
		*lines = append(*lines, columnLine(table, name, declared, notNull || pkPos > 0, hasDefault))
	}
	if len(pk) > 0 {
		*lines = append(*lines, fmt.Sprintf("%s: primary key (%s)", table, strings.Join(pk, ", ")))
	}
	return names, rows.Err()
}

// sqliteIndexes adds a table's UNIQUE constraints and indexes.
func sqliteIndexes(db *sql.DB, table string, lines *[]string) error {
	rows, err := db.Query(`SELECT name, "unique", origin, partial FROM pragma_index_list(?)`, table)
	if err != nil {
		return err
	}
	type index struct {
		name, origin    string
		unique, partial bool
	}
	var indexes []index
	for rows.Next() {
		var ix index
		if err := rows.Scan(&ix.name, &ix.unique, &ix.origin, &ix.partial); err != nil {
			rows.Close()
			return err
		}
		indexes = append(indexes, ix)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, ix := range indexes {
		if ix.origin == "pk" {
			continue
		}
		var cols []sql.NullString
		if err := scanColumn(db, &cols, `SELECT name FROM pragma_index_info(?) ORDER BY seqno`, ix.name); err != nil {
			return err
		}
		names := make([]string, len(cols))
		for i, c := range cols {
			names[i] = c.String
			if !c.Valid {
				names[i] = "(expression)"
			}
		}
		*lines = append(*lines, indexLine(table, ix.name, ix.origin == "u", ix.unique, ix.partial, names))
	}
	return nil
}

// indexLine names an index unless it is a UNIQUE constraint: SQLite names
// those itself (sqlite_autoindex_...).
func indexLine(table, name string, constraint, unique, partial bool, columns []string) string {
	kind := "index " + name
	switch {
	case constraint:
		kind = "unique"
	case unique:
		kind = "unique index " + name
	}
	line := fmt.Sprintf("%s: %s (%s)", table, kind, strings.Join(columns, ", "))
	if partial {
		line += " where ..."
	}
	return line
}

// sqliteForeignKeys adds a table's foreign keys, one line for the columns
// of each.
func sqliteForeignKeys(db *sql.DB, table string, lines *[]string) error {
	rows, err := db.Query(`SELECT id, "table", "from", COALESCE("to", ''), on_update, on_delete
		FROM pragma_foreign_key_list(?) ORDER BY id, seq`, table)
	if err != nil {
		return err
	}
	type fk struct {
		parent, onUpdate, onDelete string
		from, to                   []string
	}
	byID := map[int]*fk{}
	var ids []int
	for rows.Next() {
		var id int
		var parent, from, to, onUpdate, onDelete string
		if err := rows.Scan(&id, &parent, &from, &to, &onUpdate, &onDelete); err != nil {
			rows.Close()
			return err
		}
		k, ok := byID[id]
		if !ok {
			k = &fk{parent: parent, onUpdate: onUpdate, onDelete: onDelete}
			byID[id] = k
			ids = append(ids, id)
		}
		k.from, k.to = append(k.from, from), append(k.to, to)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		k := byID[id]
		if slices.Contains(k.to, "") { // REFERENCES parent, without columns: its primary key
			k.to = nil
			if err := scanColumn(db, &k.to, `SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`, k.parent); err != nil {
				return err
			}
		}
		*lines = append(*lines, foreignKeyLine(table, k.from, k.parent, k.to, k.onDelete, k.onUpdate))
	}
	return nil
}

// foreignKeyLine describes a foreign key, its actions as SQLite spells them.
func foreignKeyLine(table string, from []string, parent string, to []string, onDelete, onUpdate string) string {
	return fmt.Sprintf("%s: foreign key (%s) references %s (%s) on delete %s on update %s", table,
		strings.Join(from, ", "), parent, strings.Join(to, ", "), strings.ToLower(onDelete), strings.ToLower(onUpdate))
}

// scanColumn reads a one-column result into dest.
func scanColumn[T any](db *sql.DB, dest *[]T, query string, args ...any) error {
	rows, err := db.Query(query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return err
		}
		*dest = append(*dest, v)
	}
	return rows.Err()
}

// pgActions spells pg_constraint's actions as SQLite's pragma does.
var pgActions = map[string]string{"a": "no action", "r": "restrict", "c": "cascade", "n": "set null", "d": "set default"}

// postgresSchema reads the schema of the current schema from
// information_schema (columns) and pg_catalog (constraints, indexes).
func postgresSchema(db *sql.DB) ([]string, error) {
	var lines []string
	columns := map[string][]string{}
	rows, err := db.Query(`SELECT c.table_name, c.column_name, c.data_type, c.is_nullable = 'NO', c.column_default IS NOT NULL
		FROM information_schema.columns c JOIN information_schema.tables t
			ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name <> 'goose_db_version'`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var table, name, declared string
		var notNull, hasDefault bool
		if err := rows.Scan(&table, &name, &declared, &notNull, &hasDefault); err != nil {
			rows.Close()
			return nil, err
		}
		if _, seen := columns[table]; !seen {
			lines = append(lines, "table "+table)
		}
		columns[table] = append(columns[table], name)
		lines = append(lines, columnLine(table, name, declared, notNull, hasDefault))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	rows, err = db.Query(`SELECT t.relname, k.contype::text,
			ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord)
				JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.ord),
			COALESCE(p.relname, ''),
			ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY AS u(attnum, ord)
				JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum ORDER BY u.ord),
			k.confdeltype::text, k.confupdtype::text, pg_get_constraintdef(k.oid)
		FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace LEFT JOIN pg_class p ON p.oid = k.confrelid
		WHERE n.nspname = current_schema() AND k.contype IN ('p', 'u', 'f', 'c') AND t.relname <> 'goose_db_version'`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var table, kind, parent, onDelete, onUpdate, def string
		var cols, to pq.StringArray
		if err := rows.Scan(&table, &kind, &cols, &parent, &to, &onDelete, &onUpdate, &def); err != nil {
			rows.Close()
			return nil, err
		}
		switch kind {
		case "p":
			lines = append(lines, fmt.Sprintf("%s: primary key (%s)", table, strings.Join(cols, ", ")))
		case "u":
			lines = append(lines, indexLine(table, "", true, true, false, cols))
		case "f":
			lines = append(lines, foreignKeyLine(table, cols, parent, to, pgActions[onDelete], pgActions[onUpdate]))
		case "c":
			lines = append(lines, checkLine(table, strings.TrimPrefix(def, "CHECK "), columns[table]))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// Indexes of their own, not those behind a constraint.
	rows, err = db.Query(`SELECT t.relname, c.relname, i.indisunique, i.indpred IS NOT NULL,
			ARRAY(SELECT CASE WHEN i.indkey[k - 1] = 0 THEN '(expression)' ELSE (SELECT a.attname::text
				FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1]) END
				FROM generate_series(1, i.indnatts) AS k ORDER BY k)
		FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE n.nspname = current_schema() AND t.relname <> 'goose_db_version'
		AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid
			AND k.contype IN ('p', 'u', 'x'))`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var table, name string
		var unique, partial bool
		var cols pq.StringArray
		if err := rows.Scan(&table, &name, &unique, &partial, &cols); err != nil {
			return nil, err
		}
		lines = append(lines, indexLine(table, name, false, unique, partial, cols))
	}
	return lines, rows.Err()
}
