package check

import (
	"encoding/json"

	"portside/transfer/transport"
)

// The report's JSON (portside-cli check --json) names modes, methods and
// TLS modes ("passive", "EPSV", "explicit") rather than numbering them:
// scripts read it. The wrappers below do it without touching transport's
// types.

type modeName transport.Mode

func (m modeName) MarshalText() ([]byte, error) { return []byte(transport.Mode(m).String()), nil }
func (m *modeName) UnmarshalText(b []byte) error {
	v, err := transport.ParseMode(string(b))
	*m = modeName(v)
	return err
}

type methodName transport.Method

func (m methodName) MarshalText() ([]byte, error) { return []byte(transport.Method(m).String()), nil }
func (m *methodName) UnmarshalText(b []byte) error {
	v, err := transport.ParseMethod(string(b))
	*m = methodName(v)
	return err
}

type tlsName transport.TLSMode

func (m tlsName) MarshalText() ([]byte, error) { return []byte(transport.TLSMode(m).String()), nil }
func (m *tlsName) UnmarshalText(b []byte) error {
	v, err := transport.ParseTLSMode(string(b))
	*m = tlsName(v)
	return err
}

type settingsJSON Settings

func (s Settings) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		settingsJSON
		Mode   modeName   `json:"mode"`
		Method methodName `json:"method"`
		TLS    tlsName    `json:"tls"`
	}{settingsJSON(s), modeName(s.Mode), methodName(s.Method), tlsName(s.TLS)})
}

func (s *Settings) UnmarshalJSON(b []byte) error {
	aux := struct {
		*settingsJSON
		Mode   modeName   `json:"mode"`
		Method methodName `json:"method"`
		TLS    tlsName    `json:"tls"`
	}{settingsJSON: (*settingsJSON)(s)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	s.Mode, s.Method, s.TLS = transport.Mode(aux.Mode), transport.Method(aux.Method), transport.TLSMode(aux.TLS)
	return nil
}

type recommendationJSON Recommendation

func (r Recommendation) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		recommendationJSON
		OtherMode modeName `json:"other_mode"`
	}{recommendationJSON(r), modeName(r.OtherMode)})
}

func (r *Recommendation) UnmarshalJSON(b []byte) error {
	aux := struct {
		*recommendationJSON
		OtherMode modeName `json:"other_mode"`
	}{recommendationJSON: (*recommendationJSON)(r)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	r.OtherMode = transport.Mode(aux.OtherMode)
	return nil
}

type reportJSON Report

func (r Report) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		reportJSON
		TLS     tlsName `json:"tls"`
		Checked tlsName `json:"checked_tls"`
	}{reportJSON(r), tlsName(r.TLS), tlsName(r.Checked)})
}

func (r *Report) UnmarshalJSON(b []byte) error {
	aux := struct {
		*reportJSON
		TLS     tlsName `json:"tls"`
		Checked tlsName `json:"checked_tls"`
	}{reportJSON: (*reportJSON)(r)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	r.TLS, r.Checked = transport.TLSMode(aux.TLS), transport.TLSMode(aux.Checked)
	return nil
}
