/*
 * Test-only stand-in for Windows' bcryptprimitives.dll under Wine 8
 * (Debian 12's), which lacks it. Go 1.22 and later load it at start-up for
 * ProcessPrng, the system's random number generator, and a Go program
 * dies with "bcryptprimitives.dll not found" without it; Wine 9 has its
 * own. This one passes the call to BCryptGenRandom with the system's
 * preferred generator, which Wine's bcrypt.dll implements. It goes only
 * into the throwaway Wine prefix of scripts/wine-exec.sh, never into a
 * package: real Windows 10 and 11 have the DLL.
 */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (BCryptGenRandom(NULL, data, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
