package preflight

// The Windows form of "owned by this user and writable by no one else",
// kept free of system calls so it is tested on every platform
// (owner_windows.go reads the security descriptor into these values).
// Access rights: https://learn.microsoft.com/en-us/windows/win32/fileio/file-security-and-access-rights

// ACE types and flags (winnt.h) the rule reads.
const (
	aceAccessAllowed = 0x0
	aceAccessDenied  = 0x1
	aceInheritOnly   = 0x8
)

// writeRights are the access rights that let a holder change a cache file
// or directory, or its permissions: FILE_WRITE_DATA (add a file),
// FILE_APPEND_DATA (add a subdirectory), FILE_WRITE_EA, FILE_DELETE_CHILD,
// FILE_WRITE_ATTRIBUTES, DELETE, WRITE_DAC, WRITE_OWNER, GENERIC_ALL,
// GENERIC_WRITE and MAXIMUM_ALLOWED.
const writeRights = 0x2 | 0x4 | 0x10 | 0x40 | 0x100 | 0x10000 | 0x40000 | 0x80000 | 0x10000000 | 0x40000000 | 0x02000000

// Well-known SIDs that may always write: LocalSystem, the Administrators
// group (an elevated process's files are owned by it), and OWNER RIGHTS
// (the owner, already checked).
const (
	sidLocalSystem    = "S-1-5-18"
	sidAdministrators = "S-1-5-32-544"
	sidOwnerRights    = "S-1-3-4"
)

// aclEntry is one access-control entry of a DACL.
type aclEntry struct {
	Type  uint8
	Flags uint8
	Mask  uint32
	SID   string
}

// windowsTrusted reports whether an object owned by owner, with the given
// DACL (nil: no DACL, which grants everyone everything), may be trusted by
// the user whose SID is user: the owner is the user, SYSTEM or
// Administrators, and no entry that applies to the object itself lets
// anyone else write. An entry of a type it does not know makes it untrusted.
func windowsTrusted(user, owner string, dacl []aclEntry) bool {
	may := func(sid string) bool {
		return sid == user || sid == sidLocalSystem || sid == sidAdministrators
	}
	if user == "" || !may(owner) || dacl == nil {
		return false
	}
	for _, e := range dacl {
		switch {
		case e.Flags&aceInheritOnly != 0, e.Type == aceAccessDenied:
			continue // applies only to children, or takes rights away
		case e.Type != aceAccessAllowed:
			return false
		case e.Mask&writeRights != 0 && !may(e.SID) && e.SID != sidOwnerRights:
			return false
		}
	}
	return true
}
