package identity

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/ssmkit/ssmkit/internal/awsclient"
	"github.com/ssmkit/ssmkit/internal/runas"
)

// enrichment is one optional lookup's outcome: a value, or Unknown with a note.
type enrichment struct {
	value string
	note  string
}

func (r *Resolver) startAlias(ctx context.Context, c Clients) <-chan enrichment {
	if !r.Enrich || c.Aliases == nil {
		return nil
	}
	ch := make(chan enrichment, 1)
	go func() { ch <- accountAlias(ctx, c.Aliases) }()
	return ch
}

// startAccountName starts the account-name lookup once the account is known;
// it returns nil when it cannot start yet. sso_account_name needs no call.
func (r *Resolver) startAccountName(ctx context.Context, c Clients, p runas.Subject, accountID string) <-chan enrichment {
	if !r.Enrich {
		return nil
	}
	ch := make(chan enrichment, 1)
	switch {
	case p.SSOAccountName != "":
		ch <- enrichment{value: p.SSOAccountName}
	case c.Accounts == nil:
		ch <- enrichment{}
	case accountID == "":
		return nil
	default:
		go func() { ch <- accountName(ctx, c.Accounts, accountID) }()
	}
	return ch
}

func applyEnrichment(id *Identity, aliasCh, nameCh <-chan enrichment) {
	if aliasCh != nil {
		e := <-aliasCh
		id.AccountAlias = e.value
		id.Notes = appendNote(id.Notes, e.note)
	}
	if nameCh != nil {
		e := <-nameCh
		id.AccountName = e.value
		id.Notes = appendNote(id.Notes, e.note)
	}
}

func accountAlias(ctx context.Context, api AliasAPI) enrichment {
	out, err := api.ListAccountAliases(ctx, &iam.ListAccountAliasesInput{})
	if err != nil {
		return unknown("accountAlias", "iam:ListAccountAliases", err)
	}
	if len(out.AccountAliases) == 0 {
		return enrichment{} // the account has no alias
	}
	return enrichment{value: out.AccountAliases[0]}
}

func accountName(ctx context.Context, api AccountAPI, accountID string) enrichment {
	out, err := api.DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: aws.String(accountID)})
	if err != nil {
		e := unknown("accountName", "organizations:DescribeAccount", err)
		if awsclient.Classify(err) == awsclient.ClassAccessDenied {
			e.note += " (only the management account or a delegated administrator may call it; sso_account_name in the profile also names it)"
		}
		return e
	}
	if out.Account == nil {
		return enrichment{}
	}
	return enrichment{value: aws.ToString(out.Account.Name)}
}

func unknown(field, permission string, err error) enrichment {
	why := "failed: " + awsclient.Summary(err)
	if awsclient.Classify(err) == awsclient.ClassAccessDenied {
		why = "not allowed"
	}
	return enrichment{value: Unknown, note: field + " unknown: " + permission + " " + why}
}

func appendNote(notes []string, note string) []string {
	if note == "" {
		return notes
	}
	return append(notes, note)
}
