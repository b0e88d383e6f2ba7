package sites

import "runtime"

// configFolder is the name of Portside's folder in the user's config
// folder (os.UserConfigDir): ~/.config/portside on Linux, lower case as
// Linux programs name theirs; %APPDATA%\Portside on Windows and
// ~/Library/Application Support/Portside on macOS, named as the app is,
// as programs there do.
var configFolder = map[bool]string{false: "portside", true: "Portside"}[runtime.GOOS == "windows" || runtime.GOOS == "darwin"]
