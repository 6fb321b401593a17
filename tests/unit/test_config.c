/* SPDX-License-Identifier: ISC */
/*
 * test_config.c: configuration file and flag parsing (daemon/config.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "advisord.h"

/* Write text to a temporary file; returns its malloc'd path. */
static char *
write_temp(const char *text)
{
	char *path = strdup("/tmp/advisord-conf-XXXXXX");
	int fd;

	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static int
has_error(const struct errlist *el, const char *text)
{
	size_t i;

	for (i = 0; i < el->n; i++)
		if (strcmp(el->msgs[i], text) == 0)
			return 1;
	return 0;
}

static void
print_errors(const struct errlist *el)
{
	size_t i;

	for (i = 0; i < el->n; i++)
		print_message("  error: %s\n", el->msgs[i]);
}

static void
test_defaults(void **state)
{
	struct config c;
	struct errlist el;

	(void)state;
	errlist_init(&el);
	assert_int_equal(config_load(&c, NULL, NULL, 0, &el), 0);
	assert_int_equal(c.nlisten, 1);
	assert_string_equal(c.listen[0].la_host, "127.0.0.1");
	assert_int_equal(c.listen[0].la_port, 8080);
	assert_int_equal(c.max_message_bytes, 65536);
	assert_int_equal(c.sync_mode, SYNC_TURN);
	assert_int_equal(c.log_level, LOG_LVL_INFO);
	assert_non_null(c.kb_dir);
	config_free(&c);
	errlist_free(&el);
}

static void
test_listen_forms(void **state)
{
	struct listen_addr la;

	(void)state;
	assert_int_equal(config_parse_listen("127.0.0.1:80", &la), 0);
	assert_string_equal(la.la_host, "127.0.0.1");
	assert_int_equal(la.la_port, 80);
	assert_false(la.la_ipv6);
	assert_int_equal(config_parse_listen("[::1]:8443", &la), 0);
	assert_string_equal(la.la_host, "::1");
	assert_true(la.la_ipv6);
	assert_int_equal(la.la_port, 8443);
	assert_int_equal(config_parse_listen(":9000", &la), 0);
	assert_string_equal(la.la_host, "0.0.0.0");
	assert_int_equal(config_parse_listen("127.0.0.1:0", &la), 0);
	assert_int_equal(la.la_port, 0);

	assert_int_equal(config_parse_listen("127.0.0.1", &la), -1);
	assert_int_equal(config_parse_listen("127.0.0.1:65536", &la), -1);
	assert_int_equal(config_parse_listen("127.0.0.1:-1", &la), -1);
	assert_int_equal(config_parse_listen("127.0.0.1:80x", &la), -1);
	assert_int_equal(config_parse_listen("::1:80", &la), -1);
	assert_int_equal(config_parse_listen("localhost:80", &la), -1);
	assert_int_equal(config_parse_listen("[::1]80", &la), -1);
	assert_int_equal(config_parse_listen("1.2.3:80", &la), -1);
}

static void
test_file_values(void **state)
{
	char *path = write_temp(
	    "# a comment\n"
	    "listen = 127.0.0.1:9001\n"
	    "listen = [::1]:9002\n"
	    "max_message_bytes = 4096\n"
	    "log_level = DEBUG\n"		/* any case, as operators type it */
	    "sync = End\n"
	    "allowed_origin = https://chat.example.org\n"
	    "api_key = irc-bridge:0123456789abcdef0123\n"
	    "\n"
	    "; another comment\n");
	struct config c;
	struct errlist el;

	(void)state;
	errlist_init(&el);
	assert_int_equal(config_load(&c, path, NULL, 0, &el), 0);
	assert_int_equal(c.nlisten, 2);
	assert_int_equal(c.listen[0].la_port, 9001);
	assert_int_equal(c.listen[1].la_port, 9002);
	assert_true(c.listen[1].la_ipv6);
	assert_int_equal(c.max_message_bytes, 4096);
	assert_int_equal(c.log_level, LOG_LVL_DEBUG);
	assert_int_equal(c.sync_mode, SYNC_END);
	assert_int_equal(c.norigins, 1);
	assert_string_equal(c.origins[0], "https://chat.example.org");
	assert_int_equal(c.napi_keys, 1);
	assert_string_equal(c.api_keys[0].ak_name, "irc-bridge");
	assert_string_equal(c.api_keys[0].ak_secret, "0123456789abcdef0123");
	config_free(&c);
	errlist_free(&el);
	unlink(path);
	free(path);
}

/*
 * trusted_proxies on several lines adds up: one line (199 bytes) holds
 * only a dozen addresses, and a second line used to be "given twice".
 * The 64-entry bound still holds over all lines.
 */
static void
test_trusted_proxies_lines(void **state)
{
	char *path = write_temp(
	    "trusted_proxies = 10.0.0.1, 10.0.0.2\n"
	    "trusted_proxies = fd00::/8\n");
	char big[4096];
	struct config c;
	struct errlist el;
	size_t off = 0;
	int i;

	(void)state;
	errlist_init(&el);
	assert_int_equal(config_load(&c, path, NULL, 0, &el), 0);
	assert_string_equal(c.trusted_proxies, "10.0.0.1, 10.0.0.2, fd00::/8");
	config_free(&c);
	errlist_free(&el);
	unlink(path);
	free(path);

	for (i = 0; i < 6; i++)		/* 6 lines of 11: 66 entries */
		off += (size_t)snprintf(big + off, sizeof(big) - off,
		    "trusted_proxies = 10.%d.0.1 10.%d.0.2 10.%d.0.3 10.%d.0.4 "
		    "10.%d.0.5 10.%d.0.6 10.%d.0.7 10.%d.0.8 10.%d.0.9 "
		    "10.%d.0.10 10.%d.0.11\n", i, i, i, i, i, i, i, i, i, i, i);
	path = write_temp(big);
	errlist_init(&el);
	assert_int_equal(config_load(&c, path, NULL, 0, &el), -1);
	assert_int_equal(errlist_count(&el), 1);
	(void)snprintf(big, sizeof(big), "%s:6: 'trusted_proxies': more than "
	    "64 entries", path);
	assert_true(has_error(&el, big));
	config_free(&c);
	errlist_free(&el);
	unlink(path);
	free(path);
}

/* Every bad line is reported, each as file:line: message. */
static void
test_all_errors_reported(void **state)
{
	char *path = write_temp(
	    "listen = nowhere\n"			/* 1 */
	    "max_message_bytes = 12\n"			/* 2 */
	    "colour = blue\n"				/* 3 */
	    "this line has no equals sign\n"		/* 4 */
	    "[section]\n"				/* 5 */
	    "sync = sometimes\n"			/* 6 */
	    "idle_timeout = soon\n"			/* 7 */
	    "api_key = short:abc\n"			/* 8 */
	    "allowed_origin = chat.example.org\n"	/* 9 */
	    "log_level = loud\n"			/* 10 */
	    "idle_timeout = 60\n"			/* 11: fine */
	    "idle_timeout = 61\n");			/* 12: twice */
	struct config c;
	struct errlist el;
	char want[512];

	(void)state;
	errlist_init(&el);
	assert_int_equal(config_load(&c, path, NULL, 0, &el), -1);
	print_errors(&el);
#define WANT(line, msg) do {						\
	(void)snprintf(want, sizeof(want), "%s:%d: %s", path, line, msg);\
	assert_true(has_error(&el, want));				\
} while (0)
	WANT(1, "'listen': invalid address 'nowhere' (want ADDR:PORT or "
	    "[IPV6]:PORT)");
	WANT(2, "'max_message_bytes': 12 out of range 256..16777216");
	WANT(3, "unknown setting 'colour'");
	WANT(4, "expected 'name = value'");
	WANT(5, "sections are not used; write 'name = value' lines");
	WANT(6, "'sync': unknown mode 'sometimes' (want turn, end or off)");
	WANT(7, "'idle_timeout': not a number: 'soon'");
	WANT(8, "'api_key': secret must be 16 to 159 bytes");
	WANT(9, "'allowed_origin': invalid origin 'chat.example.org' (want "
	    "http://host[:port] or https://host[:port])");
	WANT(10, "'log_level': unknown level 'loud' (want error, warning, "
	    "info or debug)");
	WANT(12, "'idle_timeout': given twice");
#undef WANT
	assert_int_equal(errlist_count(&el), 11);
	config_free(&c);
	errlist_free(&el);
	unlink(path);
	free(path);
}

static void
test_missing_file(void **state)
{
	struct config c;
	struct errlist el;

	(void)state;
	errlist_init(&el);
	assert_int_equal(config_load(&c, "/nonexistent/advisord.conf", NULL,
	    0, &el), -1);
	assert_true(has_error(&el, "/nonexistent/advisord.conf: cannot open: "
	    "No such file or directory"));
	config_free(&c);
	errlist_free(&el);
}

/* Flags win over the file; a list flag replaces the file's list. */
static void
test_flags_override(void **state)
{
	char *path = write_temp("listen = 127.0.0.1:9001\n"
	    "listen = 127.0.0.1:9002\n"
	    "idle_timeout = 60\n");
	struct conf_override ov[] = {
		{ "listen", "127.0.0.1:7000", NULL },
		{ "idle-timeout", "90", NULL },
		{ "max-message-bytes", "1000", NULL },
	};
	struct config c;
	struct errlist el;

	(void)state;
	errlist_init(&el);
	assert_int_equal(config_load(&c, path, ov, 3, &el), 0);
	assert_int_equal(c.nlisten, 1);
	assert_int_equal(c.listen[0].la_port, 7000);
	assert_int_equal(c.idle_timeout, 90);
	assert_int_equal(c.max_message_bytes, 1000);
	config_free(&c);
	errlist_free(&el);
	unlink(path);
	free(path);
}

static void
test_flag_errors(void **state)
{
	struct conf_override ov[] = {
		{ "max-message-bytes", "lots", NULL },
		{ "no-such-thing", "1", NULL },
	};
	struct config c;
	struct errlist el;

	(void)state;
	errlist_init(&el);
	assert_int_equal(config_load(&c, NULL, ov, 2, &el), -1);
	print_errors(&el);
	assert_true(has_error(&el, "command line: 'max_message_bytes': not "
	    "a number: 'lots'"));
	assert_true(has_error(&el, "command line: unknown setting "
	    "'no-such-thing'"));
	config_free(&c);
	errlist_free(&el);
}

static void
test_cross_checks(void **state)
{
	struct conf_override ov[] = {
		{ "tls-cert", "/etc/ssl/cert.pem", NULL },
		{ "rate-connection", "500", NULL },
	};
	struct config c;
	struct errlist el;

	(void)state;
	errlist_init(&el);
	assert_int_equal(config_load(&c, NULL, ov, 2, &el), -1);
	print_errors(&el);
	/* an error about options names the option */
	assert_true(has_error(&el, "--tls-cert: tls_cert and tls_key go "
	    "together"));
	assert_true(has_error(&el, "--rate-connection: rate_connection_burst "
	    "(100) is below rate_connection (500)"));
	config_free(&c);
	errlist_free(&el);
}

/*
 * The resume rates (issue F10 of review h27; the per-address replay budget,
 * h29 F3): each burst below its rate is named with the file and line, a
 * replay burst too small for one full replay (524288) and a replay rate
 * under 1024 are out of range.
 */
static void
test_resume_rates(void **state)
{
	char *path = write_temp(
	    "rate_resume = 5\n"				/* 1 */
	    "rate_resume_burst = 2\n"			/* 2 */
	    "rate_replay_bytes = 4194304\n"		/* 3 */
	    "rate_replay_bytes_burst = 1048576\n"	/* 4 */
	    "rate_replay_bytes_per_ip = 8388608\n"	/* 5 */
	    "rate_replay_bytes_per_ip_burst = 2097152\n");	/* 6 */
	char *small = write_temp("rate_replay_bytes_burst = 1000\n"
	    "rate_replay_bytes_per_ip_burst = 524287\n"
	    "rate_replay_bytes_per_ip = 1023\n");
	struct config c;
	struct errlist el;
	char want[512];

	(void)state;
	errlist_init(&el);
	assert_int_equal(config_load(&c, path, NULL, 0, &el), -1);
	print_errors(&el);
	(void)snprintf(want, sizeof(want), "%s:2: rate_resume_burst (2) is "
	    "below rate_resume (5)", path);
	assert_true(has_error(&el, want));
	(void)snprintf(want, sizeof(want), "%s:4: rate_replay_bytes_burst "
	    "(1048576) is below rate_replay_bytes (4194304)", path);
	assert_true(has_error(&el, want));
	(void)snprintf(want, sizeof(want), "%s:6: rate_replay_bytes_per_ip_burst "
	    "(2097152) is below rate_replay_bytes_per_ip (8388608)", path);
	assert_true(has_error(&el, want));
	assert_int_equal(errlist_count(&el), 3);
	config_free(&c);
	errlist_free(&el);

	errlist_init(&el);
	assert_int_equal(config_load(&c, small, NULL, 0, &el), -1);
	print_errors(&el);
	(void)snprintf(want, sizeof(want), "%s:1: 'rate_replay_bytes_burst': "
	    "1000 out of range 524288..1099511627776", small);
	assert_true(has_error(&el, want));
	(void)snprintf(want, sizeof(want), "%s:2: "
	    "'rate_replay_bytes_per_ip_burst': 524287 out of range "
	    "524288..1099511627776", small);
	assert_true(has_error(&el, want));
	(void)snprintf(want, sizeof(want), "%s:3: 'rate_replay_bytes_per_ip': "
	    "1023 out of range 1024..1099511627776", small);
	assert_true(has_error(&el, want));
	config_free(&c);
	errlist_free(&el);
	(void)unlink(path);
	(void)unlink(small);
	free(path);
	free(small);
}

/*
 * Every setting keeps where it was set: FILE:LINE, or the option; errors
 * found after parsing name it.  A value that failed to parse is marked,
 * and not checked further (no "go together" for a tls_cert that failed).
 */
static void
test_where_each_setting(void **state)
{
	char *path = write_temp(
	    "# comment\n"				/* 1 */
	    "idle_timeout = 60\n"			/* 2 */
	    "listen = 127.0.0.1:9001\n"			/* 3 */
	    "listen = 127.0.0.1:9002\n"			/* 4 */
	    "tls_cert =\n"				/* 5: fails */
	    "rate_conversation_burst = 5\n"		/* 6 */
	    "max_webhook_conversations = 500\n"		/* 7 */
	    "max_conversations = 100\n");		/* 8 */
	struct conf_override ov[] = {
		{ "sync", "end", NULL },
	};
	struct config c;
	struct errlist el;
	char want[512];

	(void)state;
	errlist_init(&el);
	assert_int_equal(config_load(&c, path, ov, 1, &el), -1);
	print_errors(&el);
#define WANT(line, msg) do {						\
	(void)snprintf(want, sizeof(want), "%s:%d: %s", path, line, msg);\
	assert_true(has_error(&el, want));				\
} while (0)
	WANT(5, "'tls_cert': empty path");
	WANT(6, "rate_conversation_burst (5) is below rate_conversation (10)");
	WANT(7, "max_webhook_conversations (500) is above max_conversations "
	    "(100)");
#undef WANT
	assert_int_equal(errlist_count(&el), 3);	/* no "go together" */
	(void)snprintf(want, sizeof(want), "%s:2", path);
	assert_string_equal(config_where(&c, "idle_timeout"), want);
	(void)snprintf(want, sizeof(want), "%s:3", path);
	assert_string_equal(c.listen_where[0], want);
	(void)snprintf(want, sizeof(want), "%s:4", path);
	assert_string_equal(c.listen_where[1], want);
	assert_string_equal(config_where(&c, "sync"), "--sync");
	assert_null(config_where(&c, "log_level"));
	assert_null(config_where(&c, "tls_cert"));
	assert_true(config_failed(&c, "tls_cert"));
	assert_false(config_failed(&c, "idle_timeout"));
	config_free(&c);
	errlist_free(&el);
	unlink(path);
	free(path);
}

/* An unknown setting close to a known one gets "did you mean". */
static void
test_unknown_suggests(void **state)
{
	char *path = write_temp(
	    "max_conections_per_ip = 5\n"		/* 1: a letter short */
	    "idel_timeout = 5\n"			/* 2: two swapped */
	    "retention = 5\n"				/* 3: a prefix */
	    "colour = blue\n");				/* 4: nothing close */
	struct conf_override ov[] = {
		{ "max-conections-per-ip", "5", NULL },
	};
	struct config c;
	struct errlist el;
	char want[512];

	(void)state;
	errlist_init(&el);
	assert_int_equal(config_load(&c, path, ov, 1, &el), -1);
	print_errors(&el);
#define WANT(line, msg) do {						\
	(void)snprintf(want, sizeof(want), "%s:%d: %s", path, line, msg);\
	assert_true(has_error(&el, want));				\
} while (0)
	WANT(1, "unknown setting 'max_conections_per_ip'; did you mean "
	    "'max_connections_per_ip'?");
	WANT(2, "unknown setting 'idel_timeout'; did you mean "
	    "'idle_timeout'?");
	WANT(3, "unknown setting 'retention'; did you mean "
	    "'retention_days'?");
	WANT(4, "unknown setting 'colour'");
#undef WANT
	assert_true(has_error(&el, "command line: unknown setting "
	    "'max-conections-per-ip'; did you mean "
	    "'max_connections_per_ip'?"));
	assert_null(config_suggest(""));
	assert_null(config_suggest("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"));
	config_free(&c);
	errlist_free(&el);
	unlink(path);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_listen_forms),
		cmocka_unit_test(test_file_values),
		cmocka_unit_test(test_trusted_proxies_lines),
		cmocka_unit_test(test_all_errors_reported),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_flags_override),
		cmocka_unit_test(test_flag_errors),
		cmocka_unit_test(test_cross_checks),
		cmocka_unit_test(test_where_each_setting),
		cmocka_unit_test(test_resume_rates),
		cmocka_unit_test(test_unknown_suggests),
	};

	log_init(LOG_LVL_ERR);
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
