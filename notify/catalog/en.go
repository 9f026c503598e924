package catalog

import (
	"strconv"
	"strings"
)

// English is the catalogue of "en".
var English = Lang{
	Tag: "en",
	UI:  englishUI,

	ChangeHeadings: map[string]string{
		"budget_changed":      "Budget changed",
		"status_changed":      "Status changed",
		"added":               "New campaigns",
		"removed":             "Removed campaigns",
		"budget_type_changed": "Budget type changed",
		"renamed":             "Renamed",
	},
	Daily:          "daily",
	Lifetime:       "lifetime",
	DailyBudget:    "daily budget",
	LifetimeBudget: "lifetime budget",
	StatusActive:   "active",
	StatusPaused:   "paused",
	StatusDeleted:  "deleted",
	StatusArchived: "archived",

	Colon:     ": ",
	ListSep:   ", ",
	Who:       func(name, id string) string { return name + " (" + id + ")" },
	Paren:     func(s, remark string) string { return s + " (" + remark + ")" },
	Page:      func(pageID, custSpaceID string) string { return "Page " + pageID + " (" + custSpaceID + ")" },
	Continued: " (continued)",
	Run:       func(id string) string { return "run ID " + id },

	ChangesTitle: func(changes, channels int) string {
		return "campaignwatch: " + enCount(changes, "change", "changes") + " in " + enCount(channels, "channel", "channels")
	},
	NoChanges: "campaignwatch: no changes",
	FiltersChangedTitle: func(channels int) string {
		return "campaignwatch: new filters in " + enCount(channels, "channel", "channels")
	},
	FiltersChangedHeading: "Filters changed",
	FiltersChanged: func(campaigns int) string {
		return "This channel's filters were changed, so campaignwatch watches it afresh: " +
			enCount(campaigns, "campaign", "campaigns") + " now. Changes from here on are announced as usual; the switch itself is not reported campaign by campaign."
	},
	WasBudget: func(s string) string { return "was " + s },

	BaselineTitle: "campaignwatch is watching",
	BaselineNote: func(campaigns int, channels []string) string {
		s := "campaignwatch is now watching " + enCount(campaigns, "campaign", "campaigns")
		if len(channels) > 0 {
			s += " in " + enCount(len(channels), "channel", "channels") + ": " + strings.Join(channels, ", ")
		}
		return s + "."
	},
	BaselineNext: "From now on, changes to their budgets, budget types, statuses and names are announced here.",

	TestTitle: "campaignwatch test message",
	TestNote:  "This is a test from campaignwatch: its alerts reach this chat. Nothing needs doing.",

	AllRefused: "campaignwatch's alerts in this group come without @all: the group lets only its owner and admins mention everyone. To have everyone mentioned, a group owner can let all members use @all in the group settings; or ask whoever runs campaignwatch to remove mention.all for this group from its configuration file. This note is shown once.",

	DigestTitle: func(date, zone string) string { return "campaignwatch budget digest for " + date + " (" + zone + ")" },
	NoDigest:    "There is no digest: no snapshot has been taken yet.",
	DigestSnapshot: func(generation int64, takenAt string) string {
		return "Figures of snapshot " + strconv.FormatInt(generation, 10) + ", taken " + takenAt + "; "
	},
	DigestComparedWith: func(at string) string { return "compared with the snapshot taken " + at + "." },
	DigestNoComparison: "there is no snapshot from a day earlier yet, so budgets are not compared with the day before; the changes below are still every change the checks found in the period.",
	AllChannels:        "All channels",
	Campaigns:          "Campaigns",
	CampaignCount: func(n int, byStatus []string) string {
		s := strconv.Itoa(n)
		if len(byStatus) > 0 {
			s += " (" + strings.Join(byStatus, ", ") + ")"
		}
		return s
	},
	StatusCount:    func(status string, n int) string { return strconv.Itoa(n) + " " + status },
	ActiveDaily:    "Daily budgets of active campaigns",
	ActiveLifetime: "Lifetime budgets of active campaigns",
	Since:          func(delta, at string) string { return delta + " since " + at },
	NoChange:       "no change",
	TopDaily:       "Largest daily budgets (active campaigns)",
	TopLifetime:    "Largest lifetime budgets (active campaigns)",
	NoneActive:     "None.",

	ChangesSince:      func(since string) string { return "Changes since " + since },
	ChangeCount:       func(heading string, n int) string { return heading + ": " + strconv.Itoa(n) },
	NoChangesInWindow: "No changes.",
	OpenDashboard:     "Open the dashboard for budgets, campaigns and changes",

	ChecksFailingTitle:   "campaignwatch: campaign checks are failing",
	DigestFailingTitle:   "campaignwatch: the daily digest is failing",
	StartupFailingTitle:  "campaignwatch cannot start",
	ChecksRecoveredTitle: "campaignwatch: campaign checks work again",
	DigestRecoveredTitle: "campaignwatch: the daily digest works again",
	ChecksFailing: func(runs int, since string) string {
		return "campaignwatch could not check your campaigns: " + enCount(runs, "failed run", "failed runs in a row") + " since " + since + "."
	},
	DigestFailing: func(runs int, since string) string {
		return "campaignwatch could not send the daily budget digest: " + enCount(runs, "failed run", "failed runs in a row") + " since " + since + "."
	},
	StartupFailing: func(since string) string {
		return "campaignwatch could not load its configuration or reach what it needs (since " + since + "), so no campaign is checked."
	},
	ChecksSilence: "Until this is fixed, budget and status changes are NOT announced here: silence does not mean nothing changed.",
	DigestSilence: "Until this is fixed, no daily digest arrives; change alerts are not affected.",
	ChecksRecovered: func(runs int, since string) string {
		return "Campaign checks work again after " + enCount(runs, "failed run", "failed runs") + " (failing since " + since +
			"). Changes made meanwhile are announced by this check or the next one, as usual."
	},
	DigestRecovered: func(runs int, since string) string {
		return "The daily digest works again after " + enCount(runs, "failed run", "failed runs") + " (failing since " + since + ")."
	},
	HealthDetails:     "Details",
	HealthFirst:       "What to check first",
	HealthFailingWhat: "Failing",
	HealthSince:       "Failing since",
	HealthRuns:        "Failed runs",
	HealthLastError:   "Last error",
	HealthRecoveredAt: "Working again since",
	ListingIncomplete: func(failed, total int) string {
		return strconv.Itoa(failed) + " of " + strconv.Itoa(total) + " channels could not be listed completely, so nothing was committed or announced (the next good run reports every change)"
	},
	ChecksName:   "campaign checks",
	DigestName:   "the daily digest",
	HealthDirect: "This notice was posted directly because the snapshot store could not record it: it may come again from another function instance.",
	HintCredentials: "Credentials: the access key or the function's role was refused. Check ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, " +
		"or that the function's role may call cams:ListMessageCampaign and use the snapshot bucket.",
	HintBucket: "The snapshot bucket: check that the bucket named in SNAPSHOT_URL exists, that the function's role may read and write it, and that its versioning is off.",
	HintConfiguration: "The configuration: run \"campaignwatch config\" with the function's settings and configuration file, or read the function's logs; " +
		"they list every problem by name.",
	HintAPI: "The CAMS API's own status: it answered with errors or did not answer. Check the Alibaba Cloud status page and the Chat App Message Service console; " +
		"checks resume by themselves once it answers.",
	HintLogs: "The function's logs: search them for event run_failed.",
	HintRefused: "The reason above says what the chat service would not take. If it names a setting of the chat group or of the bot " +
		"(a mention, a permission), change it there or in the receiver's settings; otherwise send the reason and the run ID " +
		"to whoever runs campaignwatch. The messages after these need nothing done.",
	AsideTitle: func(receiver string) string { return "campaignwatch: messages to " + receiver + " were set aside" },
	AsideLead: func(n int, receiver string) string {
		if n == 1 {
			return "The chat service refused one message to " + receiver + " again and again, so campaignwatch set it aside to let the messages after it through. " +
				receiver + " did not get that message."
		}
		return "The chat service refused " + strconv.Itoa(n) + " messages to " + receiver + " again and again, so campaignwatch set them aside to let the messages after them through. " +
			receiver + " did not get those messages."
	},
	AsideKept: "The messages set aside are kept in campaignwatch's store. Until a message to this receiver gets through again, " +
		"any other message it refuses is set aside too, without another notice.",
	AsideReceiver: "Receiver",
	AsideMessages: "Messages set aside",
	AsideSince:    "Refused since",
	AsideRefusals: "Times refused",
	AsideWhy:      "Why it was refused",
	Guardrail:     enGuardrail,
}

func enCount(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
