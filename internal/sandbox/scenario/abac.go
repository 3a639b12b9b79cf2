package scenario

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// userAttributes are the identity store attributes a user may have beyond name and email:
// the SCIM enterprise extension and the core attributes Identity Center stores
// (https://docs.aws.amazon.com/singlesignon/latest/userguide/attributemappingsconcept.html).
var userAttributes = map[string]bool{
	"costCenter": true, "department": true, "division": true, "organization": true, "employeeNumber": true, "manager": true,
	"title": true, "userType": true, "nickName": true, "locale": true, "timezone": true, "preferredLanguage": true,
}

// enterpriseAttributes are the ones identitystore returns under the aws:identitystore:enterprise extension.
var enterpriseAttributes = []string{"costCenter", "department", "division", "employeeNumber", "manager", "organization"}

// EnterpriseAttributes returns the user's enterprise-extension attributes, as identitystore
// DescribeUser answers them with Extensions=[aws:identitystore:enterprise]; nil when none.
func (u ICUser) EnterpriseAttributes() map[string]any {
	out := map[string]any{}
	for _, k := range enterpriseAttributes {
		v, ok := u.Attributes[k]
		switch {
		case !ok:
		case k == "manager":
			out[k] = map[string]string{"value": v}
		default:
			out[k] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// attributeValue resolves an ABAC source such as ${path:enterprise.costCenter} for a user;
// ok is false for a source Identity Center does not offer.
func (u ICUser) attributeValue(source string) (value string, ok bool) {
	path, found := strings.CutPrefix(source, "${path:")
	if !found || !strings.HasSuffix(path, "}") {
		return "", false
	}
	path = strings.TrimSuffix(path, "}")
	switch path {
	case "userName":
		return u.UserName, true
	case "displayName":
		return u.DisplayName, true
	case "name.givenName":
		return u.GivenName, true
	case "name.familyName":
		return u.FamilyName, true
	case "emails[primary eq true].value":
		return u.Email, true
	case "enterprise.manager.value":
		return u.Attributes["manager"], true
	}
	key, enterprise := strings.CutPrefix(path, "enterprise.")
	// enterprise.X for the extension's attributes (manager only as manager.value), X for the core ones.
	if !userAttributes[key] || key == "manager" || enterprise != slices.Contains(enterpriseAttributes, key) {
		return "", false
	}
	return u.Attributes[key], true
}

// SessionTags are the principal tags an Identity Center role session of the user carries:
// the IdP's SAML attributes, then the instance's configured attributes (which win for the
// same key); an attribute without a value is not passed
// (https://docs.aws.amazon.com/singlesignon/latest/userguide/configure-abac.html).
func (ic *IdentityCenter) SessionTags(user string) map[string]string {
	tags := map[string]string{}
	for _, u := range ic.Users {
		if u.UserName != user {
			continue
		}
		maps.Copy(tags, u.SAMLAttributes)
		for _, a := range ic.AccessControlAttributes {
			if v, ok := u.attributeValue(a.Source); ok && v != "" {
				tags[a.Key] = v
			}
		}
	}
	return tags
}

// validateABAC checks user attribute names and the access control configuration.
func (ic *IdentityCenter) validateABAC() []error {
	var errs []error
	for _, u := range ic.Users {
		for _, k := range slices.Sorted(maps.Keys(u.Attributes)) {
			if !userAttributes[k] {
				errs = append(errs, fmt.Errorf("identityCenter: user %s: attribute %q is not an identity store attribute (%s); an IdP's custom attribute goes in samlAttributes",
					u.UserName, k, strings.Join(slices.Sorted(maps.Keys(userAttributes)), ", ")))
			}
		}
	}
	seen := map[string]bool{}
	probe := ICUser{Attributes: map[string]string{}}
	for i, a := range ic.AccessControlAttributes {
		path := fmt.Sprintf("identityCenter.accessControlAttributes[%d]", i)
		if a.Key == "" || seen[strings.ToLower(a.Key)] {
			errs = append(errs, fmt.Errorf("%s: key %q is empty or repeated (keys are case-insensitive)", path, a.Key))
		}
		seen[strings.ToLower(a.Key)] = true
		if _, ok := probe.attributeValue(a.Source); !ok {
			errs = append(errs, fmt.Errorf("%s: source %q is not a user attribute path such as ${path:enterprise.costCenter} or ${path:userName}", path, a.Source))
		}
	}
	return errs
}
