package history

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/campaignwatch/campaignwatch/internal/campaign"
)

// CSVHeader is the header row of the changes as CSV: the JSON answer's
// names, silenced joined by spaces.
var CSVHeader = []string{"at", "generation", "type", "custSpaceId", "pageId", "channel", "campaignId", "campaignName", "old", "new", "silenced"}

// WriteCSV writes the header row and one row per change, every text cell
// neutralised as campaign.CSVCell does. It returns the writer's error.
func WriteCSV(w io.Writer, changes []Change) error {
	cw := csv.NewWriter(w)
	_ = cw.Write(CSVHeader)
	for _, c := range changes {
		_ = cw.Write([]string{c.At.UTC().Format(time.RFC3339), strconv.FormatInt(c.Generation, 10), campaign.CSVCell(string(c.Type)),
			campaign.CSVCell(c.CustSpaceID), campaign.CSVCell(c.PageID), campaign.CSVCell(c.Channel), campaign.CSVCell(c.CampaignID),
			campaign.CSVCell(c.CampaignName), campaign.CSVCell(c.Old), campaign.CSVCell(c.New), campaign.CSVCell(strings.Join(c.Silenced, " "))})
	}
	cw.Flush()
	return cw.Error()
}
