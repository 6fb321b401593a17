/* SPDX-License-Identifier: ISC */
/*
 * notifysink: a stand-in for systemd's notification socket, for tests.
 *
 *	notifysink PATH
 *
 * Binds a unix datagram socket at PATH, prints "listening" once bound,
 * then one line per datagram: milliseconds since start (CLOCK_MONOTONIC),
 * a space, and the message with its newlines written as '|'.  Runs until
 * killed; removes PATH on SIGTERM.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

static const char *sock_path;

static void
on_term(int sig)
{
	(void)sig;
	(void)unlink(sock_path);
	_exit(0);
}

static double
now_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int
main(int argc, char *argv[])
{
	struct sockaddr_un sun;
	char buf[4096];
	double t0;
	ssize_t n;
	int fd;

	if (argc != 2 || strlen(argv[1]) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "usage: notifysink PATH\n");
		return 2;
	}
	sock_path = argv[1];
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	(void)strcpy(sun.sun_path, sock_path);
	if ((fd = socket(AF_UNIX, SOCK_DGRAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		fprintf(stderr, "notifysink: %s: %s\n", sock_path,
		    strerror(errno));
		return 1;
	}
	(void)signal(SIGTERM, on_term);
	(void)signal(SIGINT, on_term);
	t0 = now_ms();
	printf("listening\n");
	(void)fflush(stdout);
	for (;;) {
		if ((n = recv(fd, buf, sizeof(buf) - 1, 0)) == -1) {
			if (errno == EINTR)
				continue;
			return 1;
		}
		buf[n] = '\0';
		for (char *p = buf; *p != '\0'; p++)
			if (*p == '\n')
				*p = '|';
		printf("%.1f %s\n", now_ms() - t0, buf);
		(void)fflush(stdout);
	}
}
