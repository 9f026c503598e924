package configsource

import (
	"context"
	"strings"
	"testing"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
	"github.com/campaignwatch/campaignwatch/internal/snapshot/ossfake"
)

// TestOSSReadsAgainOnlyWhenChanged: the first Read gets the object; an
// unchanged object costs one conditional GET answered 304 and returns the
// kept copy; an edited one is read anew.
func TestOSSReadsAgainOnlyWhenChanged(t *testing.T) {
	fake := ossfake.New("cw-config")
	defer fake.Close()
	fake.SetObject("cw-config", "cw.yaml", []byte("version: 1\n"))
	src, err := NewOSS("cw-config", "cw.yaml", OSSOptions{Region: ossfake.Region, Endpoint: fake.URL, Credentials: fake.Credentials()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	read := func(wantChanged bool, wantData string) {
		t.Helper()
		f, changed, err := src.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if changed != wantChanged || string(f.Data) != wantData || f.Name != "oss://cw-config/cw.yaml" {
			t.Fatalf("Read = %q (%s), changed %v; want %q, changed %v", f.Data, f.Name, changed, wantData, wantChanged)
		}
	}
	read(true, "version: 1\n")
	fake.ResetStats()
	read(false, "version: 1\n")
	if st := fake.Stats(); st.Requests != 1 || st.NotModified != 1 {
		t.Fatalf("an unchanged object cost %d requests (%d answered 304), want one conditional request", st.Requests, st.NotModified)
	}
	fake.SetObject("cw-config", "cw.yaml", []byte("version: 1\ntimezone: UTC\n"))
	read(true, "version: 1\ntimezone: UTC\n")
	read(false, "version: 1\ntimezone: UTC\n")
}

// TestOSSMissingObject: a missing object is an Invalid error naming it.
func TestOSSMissingObject(t *testing.T) {
	fake := ossfake.New("cw-config")
	defer fake.Close()
	src, err := NewOSS("cw-config", "nope.yaml", OSSOptions{Region: ossfake.Region, Endpoint: fake.URL, Credentials: fake.Credentials()})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = src.Read(context.Background())
	if campaign.KindOf(err) != campaign.Invalid || !strings.Contains(err.Error(), "oss://cw-config/nope.yaml does not exist") {
		t.Fatalf("Read: %v", err)
	}
}
