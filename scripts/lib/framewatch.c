/* framewatch: when a window's drawing changes, for scripts/bench-ui.sh
 * (issue #12: Enter -> first frame of a 20,000-entry folder, Portside and
 * FileZilla alike, watched from outside either program).
 *
 *   framewatch X Y W H TIMEOUT_MS STABLE_MS [PID]
 *
 * Reads the screen rectangle X,Y,W,H from the X server every 5 ms and
 * prints "SECONDS.NANOSECONDS frame HASH" (wall clock, as `date +%s.%N`
 * and tcpdump -tt) first for what it shows at start, then each time it
 * changes. It ends when the rectangle has changed and then stayed the same
 * for STABLE_MS, or at TIMEOUT_MS. The caller takes the last hash as the
 * new listing and the first line with it as the first frame that shows it.
 *
 * With PID it also prints "SECONDS.NANOSECONDS port N" for each TCP port
 * of PID's sockets it has not seen before (from /proc/PID/fd and
 * /proc/net/tcp{,6}), so the caller can tell which of the FINs tcpdump saw
 * on loopback are the tool's own data connections (other programs on the
 * machine use loopback too). The data connection of a 20,000-entry listing
 * lasts far longer than the 5 ms between looks.
 *
 * Build: cc -O2 -o framewatch framewatch.c -lX11 */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t fnv(const unsigned char *p, size_t n) {
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ULL;
	return h;
}

#define MAXINO 512
#define MAXPORT 4096
static unsigned long inodes[MAXINO];
static int ninodes;
static int seen[65536];

static void socket_inodes(const char *pid) {
	char path[64], link[64];
	snprintf(path, sizeof path, "/proc/%s/fd", pid);
	ninodes = 0;
	DIR *d = opendir(path);
	if (!d) return;
	struct dirent *e;
	while ((e = readdir(d)) && ninodes < MAXINO) {
		char fd[320];
		snprintf(fd, sizeof fd, "%s/%s", path, e->d_name);
		ssize_t n = readlink(fd, link, sizeof link - 1);
		if (n <= 0) continue;
		link[n] = 0;
		unsigned long ino;
		if (sscanf(link, "socket:[%lu]", &ino) == 1) inodes[ninodes++] = ino;
	}
	closedir(d);
}

static void new_ports(const char *table) {
	FILE *f = fopen(table, "r");
	if (!f) return;
	char line[512];
	while (fgets(line, sizeof line, f)) {
		char local[80];
		unsigned long ino;
		/* sl local rem st tx:rx tr:when retrnsmt uid timeout inode */
		if (sscanf(line, " %*s %79s %*s %*s %*s %*s %*s %*s %*s %lu", local, &ino) != 2) continue;
		char *colon = strrchr(local, ':');
		if (!colon) continue;
		unsigned port = (unsigned)strtoul(colon + 1, NULL, 16);
		for (int i = 0; i < ninodes; i++) {
			if (inodes[i] == ino && port < 65536 && !seen[port]) {
				seen[port] = 1;
				printf("%.6f port %u\n", now(), port);
			}
		}
	}
	fclose(f);
}

int main(int argc, char **argv) {
	if (argc != 7 && argc != 8) {
		fprintf(stderr, "usage: framewatch X Y W H TIMEOUT_MS STABLE_MS [PID]\n");
		return 2;
	}
	int x = atoi(argv[1]), y = atoi(argv[2]), w = atoi(argv[3]), h = atoi(argv[4]);
	double timeout = atoi(argv[5]) / 1000.0, stable = atoi(argv[6]) / 1000.0;
	const char *pid = argc == 8 ? argv[7] : NULL;
	Display *dpy = XOpenDisplay(NULL);
	if (!dpy) {
		fprintf(stderr, "framewatch: no display\n");
		return 1;
	}
	Window root = DefaultRootWindow(dpy);
	double start = now(), last_change = 0;
	uint64_t prev = 0;
	int changed = 0, first = 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (;;) {
		double t = now();
		XImage *img = XGetImage(dpy, root, x, y, w, h, AllPlanes, ZPixmap);
		if (!img) {
			fprintf(stderr, "framewatch: XGetImage failed\n");
			return 1;
		}
		uint64_t hv = fnv((unsigned char *)img->data, (size_t)img->bytes_per_line * img->height);
		XDestroyImage(img);
		if (first || hv != prev) {
			printf("%.6f frame %016llx\n", t, (unsigned long long)hv);
			if (!first) changed = 1;
			first = 0;
			prev = hv;
			last_change = t;
		}
		if (pid) {
			socket_inodes(pid);
			new_ports("/proc/net/tcp");
			new_ports("/proc/net/tcp6");
		}
		if (changed && t - last_change >= stable) return 0;
		if (t - start >= timeout) return 3;
		usleep(5000);
	}
}
