package dashboard_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/campaignwatch/campaignwatch/internal/dashboard/dashtest"
)

// TestScreenshots makes the README's two screenshots when
// CAMPAIGNWATCH_SCREENSHOTS names a directory (scripts/screenshots.sh
// does): the overview on a desktop in English, and on a phone 375 px wide
// in Chinese, over a month of checks laid down as the playground lays
// them. Without the variable it does nothing.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("CAMPAIGNWATCH_SCREENSHOTS")
	if dir == "" {
		t.Skip("CAMPAIGNWATCH_SCREENSHOTS is not set: no screenshots to make (scripts/screenshots.sh sets it)")
	}
	b := startBrowser(t)
	_, base := startSite(t, 30)
	b.do(chromedp.Navigate(base+"/ui/login?lang=en"), chromedp.SendKeys(chromedp.ID("token"), dashtest.Token))
	b.follow(chromedp.Submit(chromedp.ID("token")))
	shot := func(name string, full bool) {
		t.Helper()
		action := chromedp.CaptureScreenshot()
		if full {
			action = chromedp.FullScreenshot(100)
		}
		png, err := chromedp.Run(b.ctx, action)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b.do(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/ui/?lang=en"))
	shot("dashboard-desktop-en.png", true)
	b.do(chromedp.EmulateViewport(375, 812, chromedp.EmulateScale(2), chromedp.EmulateMobile), chromedp.Navigate(base+"/ui/?lang=zh-CN"))
	shot("dashboard-phone-zh-CN.png", false)
	if p := b.problems(); len(p) > 0 {
		t.Errorf("the pages logged: %q", p)
	}
}
