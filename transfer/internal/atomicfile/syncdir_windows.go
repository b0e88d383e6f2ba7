package atomicfile

// syncDir does nothing on Windows. A folder cannot be flushed there: the
// handle os.Open gives is read-only, and FlushFileBuffers on it fails with
// "Access denied" — which made every save of sites.json fail, found when
// portside.exe ran under Wine. NTFS journals the rename itself (metadata
// is logged before the call returns), so there is nothing to flush.
func syncDir(string) error { return nil }
