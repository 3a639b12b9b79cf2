//go:build windows

package preflight

import (
	"os"
	"unsafe"

	"golang.org/x/sys/windows"
)

// trustedPath judges the directory at path (Lstat said it is a real
// directory, not a link or junction) by its owner and DACL.
func trustedPath(path string, fi os.FileInfo) bool {
	if fi.Mode()&(os.ModeSymlink|os.ModeIrregular) != 0 {
		return false
	}
	sd, err := windows.GetNamedSecurityInfo(path, windows.SE_FILE_OBJECT,
		windows.OWNER_SECURITY_INFORMATION|windows.DACL_SECURITY_INFORMATION)
	return err == nil && trustedDescriptor(sd)
}

// trustedFile judges the opened file itself, not its name, so nothing can
// be swapped in between.
func trustedFile(f *os.File, _ os.FileInfo) bool {
	sd, err := windows.GetSecurityInfo(windows.Handle(f.Fd()), windows.SE_FILE_OBJECT,
		windows.OWNER_SECURITY_INFORMATION|windows.DACL_SECURITY_INFORMATION)
	return err == nil && trustedDescriptor(sd)
}

func trustedDescriptor(sd *windows.SECURITY_DESCRIPTOR) bool {
	tu, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		return false
	}
	owner, _, err := sd.Owner()
	if err != nil || owner == nil {
		return false
	}
	acl, _, err := sd.DACL()
	if err != nil {
		return false
	}
	var dacl []aclEntry
	if acl != nil {
		dacl = []aclEntry{}
		for i := uint32(0); i < uint32(acl.AceCount); i++ {
			var ace *windows.ACCESS_ALLOWED_ACE
			if windows.GetAce(acl, i, &ace) != nil {
				return false
			}
			sid := (*windows.SID)(unsafe.Pointer(&ace.SidStart))
			dacl = append(dacl, aclEntry{Type: ace.Header.AceType, Flags: ace.Header.AceFlags, Mask: uint32(ace.Mask), SID: sid.String()})
		}
	}
	return windowsTrusted(tu.User.Sid.String(), owner.String(), dacl)
}

// openNoFollow opens the file itself even when it is a reparse point
// (symbolic link, junction), and refuses one.
func openNoFollow(path string) (*os.File, error) {
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return nil, err
	}
	h, err := windows.CreateFile(p, windows.GENERIC_READ, windows.FILE_SHARE_READ, nil,
		windows.OPEN_EXISTING, windows.FILE_FLAG_OPEN_REPARSE_POINT, 0)
	if err != nil {
		return nil, err
	}
	var info windows.ByHandleFileInformation
	if err := windows.GetFileInformationByHandle(h, &info); err != nil || info.FileAttributes&windows.FILE_ATTRIBUTE_REPARSE_POINT != 0 {
		windows.CloseHandle(h)
		return nil, errUntrusted
	}
	return os.NewFile(uintptr(h), path), nil
}
