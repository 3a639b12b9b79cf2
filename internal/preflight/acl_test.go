package preflight

import "testing"

// TestWindowsTrusted checks the Windows rule on security descriptors as
// Windows builds them: a cache under %LocalAppData% inherits "the user,
// SYSTEM and Administrators: full control"; anything that lets another
// account write is a cache someone else could have planted a "yes" in.
func TestWindowsTrusted(t *testing.T) {
	const me, other, everyone, users = "S-1-5-21-1-2-3-1001", "S-1-5-21-1-2-3-1002", "S-1-1-0", "S-1-5-32-545"
	const full, read = 0x1f01ff, 0x120089
	localAppData := []aclEntry{
		{Type: aceAccessAllowed, Mask: full, SID: sidLocalSystem},
		{Type: aceAccessAllowed, Mask: full, SID: sidAdministrators},
		{Type: aceAccessAllowed, Mask: full, SID: me},
	}
	with := func(extra ...aclEntry) []aclEntry { return append(append([]aclEntry{}, localAppData...), extra...) }
	tests := []struct {
		name  string
		owner string
		dacl  []aclEntry
		want  bool
	}{
		{"mine, as LocalAppData gives it", me, localAppData, true},
		{"made by an elevated process: owned by Administrators", sidAdministrators, localAppData, true},
		{"others may read", me, with(aclEntry{Type: aceAccessAllowed, Mask: read, SID: users}), true},
		{"a deny entry takes rights away", me, with(aclEntry{Type: aceAccessDenied, Mask: full, SID: everyone}), true},
		{"inherit-only entries do not apply to the object", me, with(aclEntry{Type: aceAccessAllowed, Flags: aceInheritOnly, Mask: full, SID: everyone}), true},
		{"OWNER RIGHTS is the owner", me, with(aclEntry{Type: aceAccessAllowed, Mask: full, SID: sidOwnerRights}), true},
		{"owned by another user", other, localAppData, false},
		{"Everyone may write", me, with(aclEntry{Type: aceAccessAllowed, Mask: 0x2, SID: everyone}), false},
		{"Users may change the permissions", me, with(aclEntry{Type: aceAccessAllowed, Mask: 0x40000, SID: users}), false},
		{"another user may delete children", me, with(aclEntry{Type: aceAccessAllowed, Mask: 0x40, SID: other}), false},
		{"GENERIC_WRITE for Everyone", me, with(aclEntry{Type: aceAccessAllowed, Mask: 0x40000000, SID: everyone}), false},
		{"no DACL grants everyone everything", me, nil, false},
		{"an entry of an unknown type", me, with(aclEntry{Type: 0x9, Mask: read, SID: everyone}), false},
		{"an empty DACL: only the owner's implicit rights", me, []aclEntry{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := windowsTrusted(me, tt.owner, tt.dacl); got != tt.want {
				t.Errorf("windowsTrusted = %v, want %v", got, tt.want)
			}
		})
	}
	if windowsTrusted("", me, localAppData) {
		t.Error("trusted with no user SID")
	}
}
