/*
 * advisor: the command-line companion of advisord.
 */
#include <stdio.h>
#include <string.h>

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: advisor keygen -o DIR\n"
	    "       advisor verify TRANSCRIPT [-p KEY.pub]\n");
}

int
main(int argc, char *argv[])
{
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0)) {
		usage(stdout);
		return 0;
	}
	usage(stderr);
	return 2;
}
