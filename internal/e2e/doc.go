// Package e2e holds campaignwatch's end-to-end and reliability tests: they
// build the real binary once, start the CAMS emulator, the OSS fake, the
// chat fakes (Slack, DingTalk; Feishu, WeCom and the generic webhook when a
// test asks) and the fake Function Compute runtime API on
// 127.0.0.1, put a small programmable proxy (a gate) in front of each
// service, and run the binary against them as a user or Function Compute
// would. The gates inject what the fakes cannot on their own: a request held
// until the test releases it (so that the binary can be killed at an exact
// step of a run), an answer held after the service accepted the request,
// and raw answers (HTML error pages, malformed API pages).
//
// Everything lives in the _test.go files; this file only names the package.
package e2e
