package sites

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"portside/transfer/internal/atomicfile"
)

// writeJSON saves v as indented JSON, atomically.
func writeJSON(path string, v any) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(b, '\n'))
		return err
	})
}

// CorruptError is a file Portside could not read. The file was moved aside
// to Backup, never deleted, and the store started empty.
type CorruptError struct {
	Path   string
	Backup string
	Err    error
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("%s could not be read (%v). It was kept as %s, and Portside started without it; "+
		"nothing in it is lost, and saved passwords are still in the keychain.", e.Path, e.Err, e.Backup)
}

func (e *CorruptError) Unwrap() error { return e.Err }

// readJSON fills v from path. A missing file leaves v as it is. A file
// that does not parse is renamed to path.corrupt-<time> and reported as a
// *CorruptError, with v left as it was: the caller goes on with an empty
// store, and the next save cannot overwrite what the user may still want.
func readJSON(path string, v any, now time.Time) error {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	// Unknown fields are allowed: a newer Portside may add some, and that
	// must not make this one treat the file as damaged.
	dec := json.NewDecoder(bytes.NewReader(b))
	derr := dec.Decode(v)
	if derr == nil && dec.More() {
		derr = errors.New("unexpected data after the end")
	}
	if derr == nil {
		return nil
	}
	derr = withPosition(b, derr)
	backup, err := backupName(path, now)
	if err != nil {
		return err
	}
	if err := os.Rename(path, backup); err != nil {
		return fmt.Errorf("%s could not be read (%v), nor moved aside: %w", path, derr, err)
	}
	return &CorruptError{Path: path, Backup: backup, Err: derr}
}

// backupName is path.corrupt-<time>, with a number added when a backup
// of the same second exists.
func backupName(path string, now time.Time) (string, error) {
	base := path + ".corrupt-" + now.Format("20060102-150405")
	for i := 1; i < 100; i++ {
		name := base
		if i > 1 {
			name = fmt.Sprintf("%s-%d", base, i)
		}
		if _, err := os.Lstat(name); errors.Is(err, fs.ErrNotExist) {
			return name, nil
		}
	}
	return "", fmt.Errorf("%s could not be read, and there are too many backups of it already", path)
}

// withPosition adds the line and column to a JSON syntax error, which
// only knows its byte offset.
func withPosition(b []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	var off int64
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("the file ends in the middle: %w", err)
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	default:
		return err
	}
	if off > int64(len(b)) {
		off = int64(len(b))
	}
	line := 1 + bytes.Count(b[:off], []byte("\n"))
	col := off - int64(bytes.LastIndexByte(b[:off], '\n'))
	return fmt.Errorf("line %d, column %d: %w", line, col, err)
}
