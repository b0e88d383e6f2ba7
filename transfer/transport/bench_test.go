package transport

import (
	"bufio"
	"strings"
	"testing"
)

func BenchmarkReadReply(b *testing.B) {
	feat := "211-Features:\r\n MLST size*;modify*;type*;\r\n EPSV\r\n EPRT\r\n UTF8\r\n REST STREAM\r\n211 End\r\n"
	r := strings.NewReader("")
	br := bufio.NewReader(r)
	for i := 0; i < b.N; i++ {
		r.Reset(feat)
		br.Reset(r)
		if _, err := readReply(br); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse227(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, _, err := Parse227("227 Entering Passive Mode (192,168,1,2,195,80)."); err != nil {
			b.Fatal(err)
		}
	}
}
