# use_fyne_patch: GOFLAGS gets the -modfile that builds Fyne with Portside's
# patch (scripts/fyne-patch.sh), unless it has one already, as under make.
# For the scripts that build the window outside make. Source it from the
# repository root.
use_fyne_patch() {
  case " ${GOFLAGS:-} " in
  *" -modfile="*) ;;
  *)
    local flag
    flag=$(./scripts/fyne-patch.sh) || exit 1
    GOFLAGS="${GOFLAGS:+$GOFLAGS }$flag"
    export GOFLAGS
    ;;
  esac
}
