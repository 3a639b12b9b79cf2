package identitycenter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/identitystore"
	"github.com/aws/aws-sdk-go-v2/service/identitystore/document"
	istypes "github.com/aws/aws-sdk-go-v2/service/identitystore/types"

	"github.com/ssmkit/ssmkit/internal/check"
)

// ErrUserNotFound: no user has that user name or email.
var ErrUserNotFound = errors.New("no such user")

// enterpriseExtension is the SCIM enterprise extension Identity Store returns on request.
const enterpriseExtension = "aws:identitystore:enterprise"

// ExternalID says that an external IdP provisions the user or group (SCIM):
// membership changes belong there, not in Identity Center.
type ExternalID struct {
	Issuer string `json:"issuer"`
	ID     string `json:"id"`
}

// User is an Identity Store user.
type User struct {
	ID, UserName, DisplayName, Email string
	External                         []ExternalID
	// Attributes are the user's attributes by SCIM path (userName,
	// name.givenName, emails[primary eq true].value, enterprise.costCenter,
	// ...), for the ABAC sources that name them.
	Attributes map[string]string
}

// Issuer is the first external IdP's name, "" when Identity Center owns the user.
func (u User) Issuer() string { return issuer(u.External) }

// Group is an Identity Store group.
type Group struct {
	ID, Name string
	External []ExternalID
}

// Issuer is the external IdP that provisions the group, "" when none does.
func (g Group) Issuer() string { return issuer(g.External) }

func issuer(ids []ExternalID) string {
	if len(ids) == 0 {
		return ""
	}
	return ids[0].Issuer
}

// FindUser resolves a user name, or an email, to the user: GetUserId by
// userName, then (for a value with @) by emails.value, then DescribeUser
// with the enterprise extension.
func (d *Directory) FindUser(ctx context.Context, storeID, nameOrEmail string) (User, error) {
	return d.users.Do(nameOrEmail, func() (User, error) {
		id, err := d.userID(ctx, storeID, "userName", nameOrEmail)
		if errors.Is(err, ErrUserNotFound) && strings.Contains(nameOrEmail, "@") {
			id, err = d.userID(ctx, storeID, "emails.value", nameOrEmail)
		}
		if err != nil {
			return User{}, err
		}
		out, err := call(ctx, d, func() (*identitystore.DescribeUserOutput, error) {
			return d.store.DescribeUser(ctx, &identitystore.DescribeUserInput{IdentityStoreId: aws.String(storeID),
				UserId: aws.String(id), Extensions: []string{enterpriseExtension}})
		})
		if err != nil {
			return User{}, check.Read("identitystore:DescribeUser", nameOrEmail, err)
		}
		return userOf(out), nil
	})
}

func (d *Directory) userID(ctx context.Context, storeID, path, value string) (string, error) {
	out, err := call(ctx, d, func() (*identitystore.GetUserIdOutput, error) {
		return d.store.GetUserId(ctx, &identitystore.GetUserIdInput{IdentityStoreId: aws.String(storeID),
			AlternateIdentifier: &istypes.AlternateIdentifierMemberUniqueAttribute{Value: istypes.UniqueAttribute{
				AttributePath: aws.String(path), AttributeValue: stringDocument(value)}}})
	})
	var notFound *istypes.ResourceNotFoundException
	if errors.As(err, &notFound) {
		return "", ErrUserNotFound
	}
	if err != nil {
		return "", check.Read("identitystore:GetUserId", value, err)
	}
	return aws.ToString(out.UserId), nil
}

// userOf flattens DescribeUser into the attribute paths ABAC sources use
// (https://docs.aws.amazon.com/singlesignon/latest/userguide/attributemappingsconcept.html).
func userOf(out *identitystore.DescribeUserOutput) User {
	u := User{ID: aws.ToString(out.UserId), UserName: aws.ToString(out.UserName), DisplayName: aws.ToString(out.DisplayName),
		Attributes: map[string]string{}}
	for _, e := range out.ExternalIds {
		u.External = append(u.External, ExternalID{Issuer: aws.ToString(e.Issuer), ID: aws.ToString(e.Id)})
	}
	set := func(k string, v *string) {
		if s := aws.ToString(v); s != "" {
			u.Attributes[k] = s
		}
	}
	set("userName", out.UserName)
	set("displayName", out.DisplayName)
	set("nickName", out.NickName)
	set("title", out.Title)
	set("userType", out.UserType)
	set("locale", out.Locale)
	set("timezone", out.Timezone)
	set("preferredLanguage", out.PreferredLanguage)
	set("profileUrl", out.ProfileUrl)
	if n := out.Name; n != nil {
		set("name.givenName", n.GivenName)
		set("name.familyName", n.FamilyName)
		set("name.middleName", n.MiddleName)
		set("name.formatted", n.Formatted)
		set("name.honorificPrefix", n.HonorificPrefix)
		set("name.honorificSuffix", n.HonorificSuffix)
	}
	for i, e := range out.Emails {
		if e.Primary || (i == 0 && u.Email == "") {
			u.Email = aws.ToString(e.Value)
		}
		if e.Primary {
			set("emails[primary eq true].value", e.Value)
		}
	}
	for _, p := range out.PhoneNumbers {
		if p.Primary {
			set("phoneNumbers[primary eq true].value", p.Value)
		}
	}
	for _, a := range out.Addresses {
		if aws.ToString(a.Type) != "work" {
			continue
		}
		set(`addresses[type eq "work"].streetAddress`, a.StreetAddress)
		set(`addresses[type eq "work"].locality`, a.Locality)
		set(`addresses[type eq "work"].region`, a.Region)
		set(`addresses[type eq "work"].postalCode`, a.PostalCode)
		set(`addresses[type eq "work"].country`, a.Country)
		set(`addresses[type eq "work"].formatted`, a.Formatted)
	}
	if doc, ok := out.Extensions[enterpriseExtension]; ok && doc != nil {
		if m, ok := documentMap(doc); ok {
			for k, v := range m {
				switch x := v.(type) {
				case string:
					if x != "" {
						u.Attributes["enterprise."+k] = x
					}
				case map[string]any: // manager: {value: ...}
					if s, ok := x["value"].(string); ok && s != "" {
						u.Attributes["enterprise."+k+".value"] = s
					}
				default:
					if v != nil {
						u.Attributes["enterprise."+k] = fmt.Sprint(v)
					}
				}
			}
		}
	}
	return u
}

// GroupsOf lists the groups a user is in (ListGroupMembershipsForMember,
// paged) and describes each once per run, in parallel: its name and the
// external IdP that provisions it.
func (d *Directory) GroupsOf(ctx context.Context, storeID, userID string) ([]Group, error) {
	ids, err := d.memberships.Do(userID, func() ([]string, error) {
		var ids []string
		p := identitystore.NewListGroupMembershipsForMemberPaginator(d.store, &identitystore.ListGroupMembershipsForMemberInput{
			IdentityStoreId: aws.String(storeID), MemberId: &istypes.MemberIdMemberUserId{Value: userID}})
		for p.HasMorePages() {
			page, err := call(ctx, d, func() (*identitystore.ListGroupMembershipsForMemberOutput, error) { return p.NextPage(ctx) })
			if err != nil {
				return nil, check.Read("identitystore:ListGroupMembershipsForMember", userID, err)
			}
			for _, m := range page.GroupMemberships {
				ids = append(ids, aws.ToString(m.GroupId))
			}
		}
		return ids, nil
	})
	if err != nil {
		return nil, err
	}
	groups := make([]Group, len(ids))
	err = each(len(ids), func(i int) (err error) { groups[i], err = d.Group(ctx, storeID, ids[i]); return err })
	if err != nil {
		return nil, err
	}
	sort.Slice(groups, func(i, j int) bool { return groups[i].Name < groups[j].Name })
	return groups, nil
}

// Group describes one group, once per run.
func (d *Directory) Group(ctx context.Context, storeID, id string) (Group, error) {
	return d.groups.Do(id, func() (Group, error) {
		out, err := call(ctx, d, func() (*identitystore.DescribeGroupOutput, error) {
			return d.store.DescribeGroup(ctx, &identitystore.DescribeGroupInput{IdentityStoreId: aws.String(storeID), GroupId: aws.String(id)})
		})
		if err != nil {
			return Group{}, check.Read("identitystore:DescribeGroup", id, err)
		}
		g := Group{ID: id, Name: aws.ToString(out.DisplayName)}
		for _, e := range out.ExternalIds {
			g.External = append(g.External, ExternalID{Issuer: aws.ToString(e.Issuer), ID: aws.ToString(e.Id)})
		}
		return g, nil
	})
}

// documentMap decodes a document as a JSON object: one the SDK decoded
// unmarshals directly; one built in memory (a lazy document) through JSON.
func documentMap(doc document.Interface) (map[string]any, bool) {
	var m map[string]any
	if doc.UnmarshalSmithyDocument(&m) == nil {
		return m, true
	}
	b, err := doc.MarshalSmithyDocument()
	if err != nil || json.Unmarshal(b, &m) != nil {
		return nil, false
	}
	return m, true
}
