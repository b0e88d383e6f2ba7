package queue

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

// fullItem sets every field of an Item to something that is not zero, so
// a field the binary form forgets shows.
func fullItem(t *testing.T) Item {
	var it Item
	v := reflect.ValueOf(&it).Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		switch {
		case f.Type() == timeType:
			f.Set(reflect.ValueOf(time.Date(2026, 12, 2, 14, 0, i, 123456789, time.UTC)))
		case f.Kind() == reflect.String:
			f.SetString("s" + strings.Repeat("é", i))
		case f.Kind() == reflect.Bool:
			f.SetBool(true)
		case f.CanInt():
			f.SetInt(int64(-i - 1))
		case f.CanUint():
			f.SetUint(uint64(i+1) << 40)
		default:
			t.Fatalf("Item.%s: a kind the test does not fill", v.Type().Field(i).Name)
		}
	}
	return it
}

func TestJournalRecordRoundTrip(t *testing.T) {
	if schemaErr != nil {
		t.Fatalf("the journal falls back to JSON: %v", schemaErr)
	}
	schemas := map[uint64]schema{7: itemSchema}
	cases := []struct {
		name string
		it   Item
	}{
		{"every field", fullItem(t)},
		{"zero", Item{}},
		{"a child of a folder", Item{ID: 42, Site: "ftp://alice@127.0.0.1:2121", Src: "/pub/f1", Dst: "/tmp/f1", Size: 1,
			ModTime: time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC), DstKnown: true, DstSize: -1, PartSize: -1, Rev: 1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got Item
			if err := decode(encode(7, &tc.it), schemas, &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.it) {
				t.Fatalf("got  %+v\nwant %+v", got, tc.it)
			}
		})
	}
}

// Records written before (JSON), and with a schema that had a field Item
// lost and lacked one it has now, still read.
func TestJournalReadsOlderRecords(t *testing.T) {
	it := Item{ID: 3, Src: "/a", Dst: "/b", Size: 10, State: Failed, Err: "no", Rev: 4}
	old, _ := json.Marshal(it)
	var got Item
	if err := decode(old, nil, &got); err != nil || !reflect.DeepEqual(got, it) {
		t.Fatalf("JSON record: %+v, %v", got, err)
	}

	oldSchema, err := parseSchema("id:u,gone:s,src:s,size:i,rev:u")
	if err != nil {
		t.Fatal(err)
	}
	// Written by hand in the old schema: id 3, gone "x", src "/a", size 10, rev 4.
	rec := []byte{2, 0x1f, 3, 1, 'x', 2, '/', 'a', 20, 4}
	got = Item{}
	if err := decode(rec, map[uint64]schema{2: oldSchema}, &got); err != nil {
		t.Fatal(err)
	}
	if want := (Item{ID: 3, Src: "/a", Size: 10, Rev: 4}); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for _, bad := range [][]byte{{}, {2}, {2, 0x1f, 3, 9, 'x'}, {9, 0}} {
		if err := decode(bad, map[uint64]schema{2: oldSchema}, &Item{}); err == nil {
			t.Errorf("decode(%v) took a damaged record", bad)
		}
	}
}
