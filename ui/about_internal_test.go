package ui

import "testing"

func TestReflowLicence(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Copyright 2009 The Go Authors.\n\nRedistribution and use in source\nand binary forms, with or without\nmodification, are permitted.",
			"Copyright 2009 The Go Authors.\n\nRedistribution and use in source and binary forms, with or without modification, are permitted."},
		{"Conditions:\n\n   * Redistributions of source code must\nretain the above notice.\n   * Neither the name",
			"Conditions:\n\n   * Redistributions of source code must retain the above notice.\n   * Neither the name"},
		{"MIT License\r\n\r\nPermission is hereby granted,\r\nfree of charge", "MIT License\n\nPermission is hereby granted, free of charge"},
		{"", ""},
	}
	for _, c := range cases {
		if got := reflow(c.in); got != c.want {
			t.Errorf("reflow(%q)\n = %q\nwant %q", c.in, got, c.want)
		}
	}
}
