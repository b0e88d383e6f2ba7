package queue

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"
)

// The journal stores items in a compact binary form: a folder of a million
// files made 580 MiB of JSON (half-empty pages, and every field's name in
// every record). A record is the number of the schema it was written with,
// a bit per field that is not zero, and those fields' values (varints,
// length-prefixed strings, times as Unix nanoseconds). Schemas — the
// fields' JSON names and kinds, in order — live in the journal's meta
// bucket, so that a field added to Item later, or one removed, reads back
// by name from older records. Records that start with '{' are the JSON of
// journals written before.

type field struct {
	name  string
	kind  byte // 'i' signed integer, 'u' unsigned, 's' string, 'b' bool, 't' time
	index int  // in Item; -1 when Item no longer has it
}

type schema []field

var timeType = reflect.TypeOf(time.Time{})

// itemSchema is Item's fields as the binary form writes them; with
// schemaErr (an Item field of a kind it cannot write) the journal writes
// JSON instead, and a test fails.
var itemSchema, schemaErr = func() (schema, error) {
	t := reflect.TypeOf(Item{})
	var s schema
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		var kind byte
		switch {
		case f.Type == timeType:
			kind = 't'
		case f.Type.Kind() == reflect.String:
			kind = 's'
		case f.Type.Kind() == reflect.Bool:
			kind = 'b'
		case f.Type.Kind() >= reflect.Int && f.Type.Kind() <= reflect.Int64:
			kind = 'i'
		case f.Type.Kind() >= reflect.Uint && f.Type.Kind() <= reflect.Uint64:
			kind = 'u'
		default:
			return nil, fmt.Errorf("the journal cannot store Item.%s (%s) in binary", f.Name, f.Type)
		}
		s = append(s, field{name: name, kind: kind, index: i})
	}
	if len(s) > 64 {
		return nil, errors.New("the journal's bit set holds 64 fields")
	}
	return s, nil
}()

func (s schema) String() string {
	var b strings.Builder
	for i, f := range s {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(f.name + ":" + string(f.kind))
	}
	return b.String()
}

// parseSchema reads a stored schema and maps its fields onto Item's.
func parseSchema(text string) (schema, error) {
	var s schema
	for _, part := range strings.Split(text, ",") {
		name, kind, ok := strings.Cut(part, ":")
		if !ok || len(kind) != 1 {
			return nil, fmt.Errorf("bad journal schema %q", text)
		}
		f := field{name: name, kind: kind[0], index: -1}
		for _, cur := range itemSchema {
			if cur.name == name && cur.kind == f.kind {
				f.index = cur.index
			}
		}
		s = append(s, f)
	}
	return s, nil
}

// encode writes it with schema number id (itemSchema).
func encode(id uint64, it *Item) []byte {
	v := reflect.ValueOf(it).Elem()
	var bits uint64
	for i, f := range itemSchema {
		if !v.Field(f.index).IsZero() {
			bits |= 1 << i
		}
	}
	b := binary.AppendUvarint(make([]byte, 0, 128), id)
	b = binary.AppendUvarint(b, bits)
	for i, f := range itemSchema {
		if bits&(1<<i) == 0 {
			continue
		}
		fv := v.Field(f.index)
		switch f.kind {
		case 'i':
			b = binary.AppendVarint(b, fv.Int())
		case 'u':
			b = binary.AppendUvarint(b, fv.Uint())
		case 's':
			b = binary.AppendUvarint(b, uint64(fv.Len()))
			b = append(b, fv.String()...)
		case 'b':
			b = append(b, 1)
		case 't':
			b = binary.AppendVarint(b, fv.Interface().(time.Time).UnixNano())
		}
	}
	return b
}

var errRecord = errors.New("damaged journal record")

// decode reads a record written by encode with one of schemas, or JSON.
func decode(b []byte, schemas map[uint64]schema, it *Item) error {
	if len(b) > 0 && b[0] == '{' {
		return json.Unmarshal(b, it)
	}
	id, n := binary.Uvarint(b)
	if n <= 0 {
		return errRecord
	}
	s, ok := schemas[id]
	if !ok {
		return fmt.Errorf("%w: unknown schema %d", errRecord, id)
	}
	b = b[n:]
	bits, n := binary.Uvarint(b)
	if n <= 0 {
		return errRecord
	}
	b = b[n:]
	v := reflect.ValueOf(it).Elem()
	for i, f := range s {
		if bits&(1<<i) == 0 {
			continue
		}
		var fv reflect.Value
		if f.index >= 0 {
			fv = v.Field(f.index)
		}
		switch f.kind {
		case 'i', 't':
			x, n := binary.Varint(b)
			if n <= 0 {
				return errRecord
			}
			b = b[n:]
			if fv.IsValid() && f.kind == 'i' {
				fv.SetInt(x)
			} else if fv.IsValid() {
				fv.Set(reflect.ValueOf(time.Unix(0, x).UTC()))
			}
		case 'u':
			x, n := binary.Uvarint(b)
			if n <= 0 {
				return errRecord
			}
			b = b[n:]
			if fv.IsValid() {
				fv.SetUint(x)
			}
		case 's':
			l, n := binary.Uvarint(b)
			if n <= 0 || uint64(len(b)-n) < l {
				return errRecord
			}
			if fv.IsValid() {
				fv.SetString(string(b[n : n+int(l)]))
			}
			b = b[n+int(l):]
		case 'b':
			if len(b) < 1 {
				return errRecord
			}
			if fv.IsValid() {
				fv.SetBool(b[0] != 0)
			}
			b = b[1:]
		default:
			return errRecord
		}
	}
	return nil
}
