package ui

func (m *Main) restoreTabs() {}
func (m *Main) saveTabs()    {}
