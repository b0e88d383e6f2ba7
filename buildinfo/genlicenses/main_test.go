package main

import (
	"bytes"
	"os"
	"os/exec"
	"testing"
)

func TestClassify(t *testing.T) {
	cases := []struct{ text, want string }{
		{"Apache License\n Version 2.0, January 2004", "Apache-2.0"},
		{"Mozilla Public License Version 2.0\n==", "MPL-2.0"},
		{"MIT License\n\nPermission is hereby granted, free of charge, to any person", "MIT"},
		{"ISC License\nPermission to use, copy, modify, and/or distribute this software for any purpose", "ISC"},
		{"This is free and unencumbered software released into the public domain.", "Unlicense"},
		{"Redistribution and use in source and binary forms, with or without\nmodification... Neither the name of Google Inc.", "BSD-3-Clause"},
		{"Redistribution and use in source and\n  binary forms, are permitted provided that 1. 2.", "BSD-2-Clause"},
		{"This software is provided 'as-is', without any express or implied\nwarranty.", "Zlib"},
		{"All rights reserved. Do not copy.", ""},
		{"", ""},
	}
	for _, c := range cases {
		if got := Classify(c.text); got != c.want {
			t.Errorf("Classify(%.30q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// The committed licenses.json must be what the module cache gives for
// today's go.mod: a new or updated dependency without `make licenses`
// fails here, not in a user's About box.
func TestLicensesCurrent(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	got, err := Generate("../..")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../licenses.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("buildinfo/licenses.json is out of date: run make licenses")
	}
}
