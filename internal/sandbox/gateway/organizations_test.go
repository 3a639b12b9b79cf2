package gateway

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
)

func TestOrganizationsOnlyForTheManagementAccount(t *testing.T) {
	org := &Organization{ID: "o-abc123", ManagementAccount: testAccount, Accounts: []PortalAccount{
		{ID: testAccount, Name: "Management", Email: "m@example.com"}, {ID: "111122223333", Name: "Dev", Email: "d@example.com"}}}
	e := startGateway(t, &World{Organization: org})
	client := organizations.NewFromConfig(e.sdkConfig(aliceKey))
	out, err := client.DescribeAccount(ctx(t), &organizations.DescribeAccountInput{AccountId: aws.String("111122223333")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Account.Name) != "Dev" || aws.ToString(out.Account.Arn) != "arn:aws:organizations::925774240130:account/o-abc123/111122223333" {
		t.Errorf("account = %+v", out.Account)
	}
	list, err := client.ListAccounts(ctx(t), &organizations.ListAccountsInput{})
	if err != nil || len(list.Accounts) != 2 {
		t.Fatalf("ListAccounts = %+v, %v", list, err)
	}
	if _, err := client.DescribeAccount(ctx(t), &organizations.DescribeAccountInput{AccountId: aws.String("999999999999")}); errorCode(err) != "AccountNotFoundException" {
		t.Errorf("unknown account: %v", err)
	}

	org.ManagementAccount = "717279730613" // the caller is now a member account
	if _, err := client.DescribeAccount(ctx(t), &organizations.DescribeAccountInput{AccountId: aws.String("111122223333")}); errorCode(err) != "AccessDeniedException" {
		t.Errorf("member account caller: err = %v, want AccessDeniedException", err)
	}
	e2 := startGateway(t, &World{})
	_, err = organizations.NewFromConfig(e2.sdkConfig(aliceKey)).DescribeAccount(ctx(t), &organizations.DescribeAccountInput{AccountId: aws.String("111122223333")})
	if errorCode(err) != "AWSOrganizationsNotInUseException" {
		t.Errorf("no organization: err = %v", err)
	}
}
