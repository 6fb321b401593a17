/* SPDX-License-Identifier: ISC */
/*
 * http.c: protocols[0], the plain HTTP side: the dynamic endpoints and the
 * connection filter.  Static files are served by lws itself from "/".
 * WebSocket clients that name no subprotocol are bound here too, and their
 * events go on to ws.c.
 *
 *	/healthz	200 while the process runs
 *	/readyz		200 with the knowledge base when serving, 503 when not
 *	/metrics	Prometheus text format
 *	/pubkey		the minisign public key that signs transcripts
 *	/webhooks/...	chat platforms, and /api/v1/... the HTTP channel:
 *			POSTs, handed to httpapi.c
 *
 * A dynamic response is built whole in LWS_CALLBACK_HTTP (they are small),
 * its headers written there, and its body from the WRITEABLE callback that
 * follows, as lws wants.
 *
 * Refusals answer HTTP, never a bare close, so that a client (and a proxy
 * in front of us, which would otherwise say 502) can tell why: an upgrade
 * is checked in LWS_CALLBACK_HTTP_CONFIRM_UPGRADE, where lws lets us write
 * the response ourselves, and gets 400 (only subprotocols we do not
 * speak), 401 (API key), 403 (Origin), 404 (not /ws), 429 (per-address
 * limit) or 503 (total limit, draining), with Retry-After for the last
 * two kinds; a plain request over a limit gets 429 or 503 in
 * FILTER_HTTP_CONNECTION, except the probes /healthz, /readyz and
 * /metrics.
 *
 * With metrics_listen set, /metrics is served there only, and that
 * listener serves /metrics and /healthz and nothing else.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "advisord.h"

#define HTTP_URI_MAX	2048	/* bytes of path and query: 414 past it */

struct http_pss {
	char			*body;
	size_t			 len;
	size_t			 off;
	struct httpapi_req	*api;	/* a POST endpoint's (httpapi.c) */
	int			 close;	/* close after this answer */
	int			 head;	/* a HEAD: headers only */
};

/* Is uri one of httpapi.c's (the webhooks, the HTTP channel)? */
static int
http_is_api(const char *uri)
{
	return strncmp(uri, "/webhooks/", 10) == 0 ||
	    strcmp(uri, "/webhooks") == 0 || strncmp(uri, "/api/", 5) == 0;
}

/* Write the headers of hp's answer; its body follows when writable. */
static int
http_headers(struct lws *wsi, struct http_pss *hp, int status,
    const char *ctype, int retry_after)
{
	unsigned char hdr[LWS_PRE + 1024], *start = hdr + LWS_PRE, *p = start,
	    *end = hdr + sizeof(hdr) - 1;
	char ra[16];
	int n;

	hp->off = 0;
	if (lws_add_http_common_headers(wsi, (unsigned int)status,
	    ctype, hp->len, &p, end))
		return 1;
	if (lws_add_http_header_by_token(wsi,
	    WSI_TOKEN_HTTP_CACHE_CONTROL, (unsigned char *)"no-store",
	    8, &p, end))
		return 1;
	if (hp->close && lws_add_http_header_by_token(wsi,
	    WSI_TOKEN_CONNECTION, (unsigned char *)"close", 5, &p, end))
		return 1;
	if (retry_after > 0 && (n = snprintf(ra, sizeof(ra), "%d",
	    retry_after)) > 0 && lws_add_http_header_by_token(wsi,
	    WSI_TOKEN_HTTP_RETRY_AFTER, (unsigned char *)ra, n, &p, end))
		return 1;
	/*
	 * A 405 must say what is allowed (RFC 9110 15.5.6); the only 405
	 * written here is httpapi.c's (a GET on /api/ or /webhooks/), whose
	 * paths take POST only.  http_refusal() writes the others.
	 */
	if (status == 405 && lws_add_http_header_by_token(wsi,
	    WSI_TOKEN_HTTP_ALLOW, (unsigned char *)"POST", 4, &p, end))
		return 1;
	if (lws_finalize_write_http_header(wsi, start, &p, end))
		return 1;
	lws_callback_on_writable(wsi);
	return 0;
}

static char *
dupf(size_t *lenp, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static char *
dupf(size_t *lenp, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	*lenp = (size_t)n;
	return s;
}

/*
 * /readyz: 200 "ready", or 503 while draining, while the shared store is
 * out of reach ("store_unreachable") or the local journal cannot be
 * written ("store_unwritable": a full disk, an I/O error; until a probe
 * write succeeds, transcript.c), with a "reason" saying which and why.
 * A balancer then sends new users elsewhere.
 */
static char *
http_readyz(struct daemon *d, int *status, const char **ctype, size_t *lenp)
{
	const struct kb *kb = d->kb->kb;
	const char *st = "ready";
	char why[4352] = "", *reason = NULL, *body, cr[256] = "";
	struct reserve_stats rs;
	json_t *j;

	*ctype = "application/json";
	if (d->draining) {
		st = "draining";
		(void)snprintf(why, sizeof(why), "%s", "draining: the daemon "
		    "is stopping (SIGTERM)");
	} else if (!transcript_ready(d)) {
		st = d->sb == &backend_local ? "store_unwritable" :
		    "store_unreachable";
		transcript_unready_why(d, why, sizeof(why));
	}
	reserve_stats(&rs);
	if (why[0] != '\0' && rs.full)
		(void)snprintf(why + strlen(why), sizeof(why) - strlen(why),
		    "; the close reserve is full (%zu marks): a conversation "
		    "closed by a storage failure now is not marked closed, and "
		    "a restart before the disk has room would restore it",
		    rs.marks);
	if (why[0] != '\0') {
		*status = HTTP_STATUS_SERVICE_UNAVAILABLE;
		if ((j = json_string(why)) == NULL)
			return NULL;
		reason = json_dumps(j, JSON_ENCODE_ANY);
		json_decref(j);
		if (reason == NULL)
			return NULL;
	}
	if (rs.on)
		(void)snprintf(cr, sizeof(cr), "\"close_reserve\":{\"bytes\":"
		    "%llu,\"used\":%llu,\"marks\":%zu,\"live\":%zu,"
		    "\"refused\":%llu,\"full\":%s,\"missing\":false},",
		    (unsigned long long)rs.bytes, (unsigned long long)rs.used,
		    rs.marks, rs.live, rs.refused, rs.full ? "true" : "false");
	else if (rs.missing)
		/* could not be made (yet): said, not left out (nu49 #1) */
		(void)snprintf(cr, sizeof(cr), "\"close_reserve\":{\"bytes\":"
		    "0,\"used\":0,\"marks\":0,\"live\":0,\"refused\":%llu,"
		    "\"full\":false,\"missing\":true,\"error\":\"%s\"},",
		    rs.refused, strerror(rs.error));
	body = dupf(lenp, "{\"status\":\"%s\",%s%s%s%s\"kb\":{\"id\":"
	    "\"%s\",\"hash\":\"%s\",\"claims\":%zu},\"conversations\":%zu,"
	    "\"version\":\"%s\"}\n", st, reason != NULL ? "\"reason\":" : "",
	    reason != NULL ? reason : "", reason != NULL ? "," : "", cr,
	    kb->id, kb->hash_hex, kb->nclaims, d->nconversations,
	    ADVISORD_VERSION);
	free(reason);
	return body;
}

/*
 * Build the response for uri.  Sets *status and *ctype; returns a malloc'd
 * body of *lenp bytes, or NULL on allocation failure.
 */
static char *
http_endpoint(struct daemon *d, struct lws *wsi, const char *uri, int *status,
    const char **ctype, size_t *lenp)
{
	const char *pub;
	int on_metrics = d->metrics_vhost != NULL &&
	    lws_get_vhost(wsi) == d->metrics_vhost;

	*ctype = "text/plain; charset=utf-8";
	*status = HTTP_STATUS_OK;
	if (on_metrics && strcmp(uri, "/metrics") != 0 &&
	    strcmp(uri, "/healthz") != 0) {
		*status = HTTP_STATUS_NOT_FOUND;
		return dupf(lenp, "not found: this listener serves /metrics "
		    "and /healthz only\n");
	}
	if (!on_metrics && d->metrics_vhost != NULL &&
	    strcmp(uri, "/metrics") == 0) {
		*status = HTTP_STATUS_NOT_FOUND;
		return dupf(lenp, "not found: /metrics is served on "
		    "metrics_listen\n");
	}
	if (strcmp(uri, "/healthz") == 0)
		return dupf(lenp, "ok\n");
	/* the endpoint exists: say what it wants rather than "not found" */
	if (strcmp(uri, "/ws") == 0) {
		*status = HTTP_STATUS_BAD_REQUEST;
		return dupf(lenp, "400 Bad Request: /ws is the WebSocket "
		    "endpoint (subprotocol advisor.v1); connect with a "
		    "WebSocket client\n");
	}
	if (strcmp(uri, "/readyz") == 0)
		return http_readyz(d, status, ctype, lenp);
	if (strcmp(uri, "/metrics") == 0) {
		*ctype = "text/plain; version=0.0.4; charset=utf-8";
		return metrics_render(d, lenp);
	}
	if (strcmp(uri, "/pubkey") == 0) {
		if ((pub = transcript_pubkey_text(d)) == NULL) {
			*status = HTTP_STATUS_NOT_FOUND;
			return dupf(lenp, "no signing key\n");
		}
		return dupf(lenp, "%s", pub);
	}
	*status = HTTP_STATUS_NOT_FOUND;
	return dupf(lenp, "not found\n");
}

/* /healthz and friends stay reachable when a limit refuses the rest. */
static int
http_is_probe(const char *uri)
{
	return strcmp(uri, "/healthz") == 0 || strcmp(uri, "/readyz") == 0 ||
	    strcmp(uri, "/metrics") == 0;
}

static const struct {
	int		 status;
	int		 retry_after;	/* seconds, 0 for none */
	const char	*reason;	/* for logs and metrics */
	const char	*body;
} refusals[REFUSE_N] = {
	[REFUSE_API_KEY] = { 401, 0, "api_key",
	    "401 Unauthorized: wrong or malformed API key "
	    "(Authorization: Bearer KEY)\n" },
	[REFUSE_ORIGIN] = { 403, 0, "origin",
	    "403 Forbidden: this page's Origin is not allowed "
	    "(see allowed_origin)\n" },
	[REFUSE_PATH] = { 404, 0, "path",
	    "404 Not Found: the WebSocket endpoint is /ws\n" },
	[REFUSE_PER_ADDRESS] = { 429, 10, "per_address_limit",
	    "429 Too Many Requests: too many connections from your address "
	    "(max_connections_per_ip)\n" },
	[REFUSE_TOTAL] = { 503, 10, "total_limit",
	    "503 Service Unavailable: the server holds as many connections "
	    "as it may (max_connections)\n" },
	[REFUSE_HOST] = { 403, 0, "host",
	    "403 Forbidden: this Host is not served (see allowed_host)\n" },
	[REFUSE_METHOD] = { 405, 0, "method",
	    "405 Method Not Allowed: this path is served to GET and HEAD "
	    "only (POST goes to /webhooks/ and /api/)\n" },
	[REFUSE_URI] = { 414, 0, "uri_too_long",
	    "414 URI Too Long: the path and query may be 2048 bytes\n" },
	[REFUSE_SUBPROTOCOL] = { 400, 0, "subprotocol",
	    "400 Bad Request: Sec-WebSocket-Protocol names no subprotocol "
	    "this server speaks; ask for " PROTO_NAME " or name none\n" },
	[REFUSE_DRAINING] = { 503, 5, "draining",
	    "503 Service Unavailable: the server is restarting; retry "
	    "shortly\n" },
};

/* REFUSE_METHOD's body on httpapi.c's paths, whose Allow is POST */
static const char refuse_method_api[] = "405 Method Not Allowed: this path "
    "takes POST only (GET and HEAD go to the other paths)\n";

const char *
http_refusal_name(int r)
{
	if (r == REFUSE_CLOSED)
		return "closed_over_limit";
	if (r <= 0 || r >= REFUSE_N || refusals[r].reason == NULL)
		return "unknown";
	return refusals[r].reason;
}

/*
 * An upgrade is refused from LWS_CALLBACK_HTTP_CONFIRM_UPGRADE, before
 * lws 4.1.6 has read the request's HTTP version (lws_http_action), so its
 * status line says HTTP/1.0.  Make the status line at start say HTTP/1.1
 * when the request did, as lws itself would for any other request.
 */
static void
http_status_version(struct lws *wsi, unsigned char *start)
{
	char ver[16];

	if (memcmp(start, "HTTP/1.0 ", 9) == 0 &&
	    lws_hdr_copy(wsi, ver, sizeof(ver), WSI_TOKEN_HTTP) > 7 &&
	    ver[5] == '1' && ver[7] == '1')
		start[7] = '1';
}

/*
 * Answer wsi's request with refusal r, whole, now: status line, headers
 * (Retry-After where it helps) and a one-line body, in one write.
 */
static void
http_refusal(struct daemon *d, struct lws *wsi, const char *ip, int r,
    const char *uri)
{
	unsigned char buf[LWS_PRE + 2048], *start = buf + LWS_PRE, *p = start,
	    *end = buf + sizeof(buf) - 512;
	/* the body names what Allow does (RFC 9110 15.5.6) */
	const char *body = r == REFUSE_METHOD && uri != NULL &&
	    http_is_api(uri) ? refuse_method_api : refusals[r].body;
	size_t blen = strlen(body);
	/* a HEAD is answered as its GET, without the body (RFC 9110 9.3.2) */
	int head = lws_hdr_total_length(wsi, WSI_TOKEN_HEAD_URI) > 0;
	char ra[16];

	d->metrics.refused[r]++;
	d->metrics.rejected_connections++;
	log_info("%s: refused %s: %d (%s)", ip, uri, refusals[r].status,
	    refusals[r].reason);
	if (lws_add_http_common_headers(wsi, (unsigned int)refusals[r].status,
	    "text/plain; charset=utf-8", blen, &p, end))
		return;
	http_status_version(wsi, start);
	if (refusals[r].retry_after > 0) {
		int n = snprintf(ra, sizeof(ra), "%d", refusals[r].retry_after);

		if (lws_add_http_header_by_token(wsi,
		    WSI_TOKEN_HTTP_RETRY_AFTER, (unsigned char *)ra, n, &p, end))
			return;
	}
	if (r == REFUSE_METHOD && lws_add_http_header_by_token(wsi,
	    WSI_TOKEN_HTTP_ALLOW, (unsigned char *)(http_is_api(uri) ?
	    "POST" : "GET, HEAD"), http_is_api(uri) ? 4 : 9, &p, end))
		return;
	/* we close after it: say so, or a client sends its next request
	 * on this connection and sees it reset */
	if (lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_CACHE_CONTROL,
	    (unsigned char *)"no-store", 8, &p, end) ||
	    lws_add_http_header_by_token(wsi, WSI_TOKEN_CONNECTION,
	    (unsigned char *)"close", 5, &p, end) ||
	    lws_finalize_http_header(wsi, &p, end))
		return;
	if (!head) {
		memcpy(p, body, blen);
		p += blen;
	}
	(void)lws_write(wsi, start, (size_t)(p - start), LWS_WRITE_HTTP);
}

/*
 * What a plain request to uri (may be NULL) is refused, or 0: a path and
 * its query over HTTP_URI_MAX (414), a method other than GET or HEAD (RFC
 * 9110 9.3.2: load balancers and uptime checks probe with HEAD), or
 * other than POST on httpapi.c's paths (405, with Allow).  Without this
 * lws 4.1.6 (or our LWS_CALLBACK_HTTP) would close such requests without
 * a word.
 */
static int
http_check_request(struct lws *wsi, const char *uri)
{
	int get = lws_hdr_total_length(wsi, WSI_TOKEN_GET_URI) > 0;
	int head = lws_hdr_total_length(wsi, WSI_TOKEN_HEAD_URI) > 0;
	int post = lws_hdr_total_length(wsi, WSI_TOKEN_POST_URI) > 0;
	/* lws keeps the query apart, one fragment an argument: "?" and "&" */
	int q = lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_URI_ARGS), i;

	for (i = 0; q > 0 && lws_hdr_fragment_length(wsi,
	    WSI_TOKEN_HTTP_URI_ARGS, i) > 0; i++)
		q++;
	if (uri != NULL && strlen(uri) + (size_t)(q > 0 ? q : 0) >
	    HTTP_URI_MAX)
		return REFUSE_URI;
	if (uri != NULL && http_is_api(uri) ? !post && !get : !get && !head)
		return REFUSE_METHOD;
	return 0;
}

/*
 * Whether wsi's upgrade may go on as far as subprotocols go: it names none
 * (or an empty list), or PROTO_NAME among those it names (a comma-separated
 * list, RFC 6455 4.1).  Without this lws 4.1.6 closes an upgrade that asks
 * only for others without a word.
 */
static int
http_subprotocol_ok(struct lws *wsi)
{
	char list[512], *tok, *save = NULL;
	int n = lws_hdr_total_length(wsi, WSI_TOKEN_PROTOCOL);

	if (n <= 0)
		return 1;
	if (n >= (int)sizeof(list) || lws_hdr_copy(wsi, list, sizeof(list),
	    WSI_TOKEN_PROTOCOL) < 0)
		return 0;
	for (tok = strtok_r(list, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		size_t len;

		tok += strspn(tok, " \t");
		len = strcspn(tok, " \t");
		if (len == strlen(PROTO_NAME) &&
		    strncmp(tok, PROTO_NAME, len) == 0)
			return 1;
	}
	return 0;
}

/*
 * An upgrade request: 0 lets it through to the protocol, 1 after writing
 * a refusal.  The same checks as ws.c's FILTER_PROTOCOL_CONNECTION (which
 * stays, and sets up the connection), made here where we may answer.
 */
static int
http_confirm_upgrade(struct daemon *d, struct lws *wsi)
{
	char uri[64], ip[64], origin[256], auth[PROTO_MAX_KEY + 16];
	struct conn probe;
	int r = 0, n;

	static const enum lws_token_indexes other[] = { WSI_TOKEN_HEAD_URI,
	    WSI_TOKEN_POST_URI, WSI_TOKEN_PUT_URI, WSI_TOKEN_PATCH_URI,
	    WSI_TOKEN_DELETE_URI, WSI_TOKEN_OPTIONS_URI };
	size_t i;
	int get;

	proxy_client(d, wsi, ip, sizeof(ip));
	uri[0] = '\0';
	get = lws_hdr_total_length(wsi, WSI_TOKEN_GET_URI) > 0;
	if (lws_hdr_copy(wsi, uri, sizeof(uri), WSI_TOKEN_GET_URI) <= 0)
		uri[0] = '\0';
	/* an upgrade is a GET (RFC 6455 4.1): name the path of another */
	for (i = 0; !get && i < sizeof(other) / sizeof(other[0]) &&
	    uri[0] == '\0'; i++)
		if (lws_hdr_copy(wsi, uri, sizeof(uri), other[i]) <= 0)
			uri[0] = '\0';
	if (d->draining)
		r = REFUSE_DRAINING;
	else if (!get)
		r = REFUSE_METHOD;
	else if (strcmp(uri, "/ws") != 0 || (d->metrics_vhost != NULL &&
	    lws_get_vhost(wsi) == d->metrics_vhost))
		r = REFUSE_PATH;
	else if ((r = proxy_trusted(d, ip) ? peers_refusal(d, wsi) :
	    peers_rebind(d, wsi, ip)) != 0)
		;
	else if (!hostcheck_request(d, wsi))
		r = REFUSE_HOST;
	else if (!ws_origin_allowed(d, wsi, origin, sizeof(origin)))
		r = REFUSE_ORIGIN;
	else if (!http_subprotocol_ok(wsi))
		r = REFUSE_SUBPROTOCOL;
	else if ((n = lws_hdr_total_length(wsi,
	    WSI_TOKEN_HTTP_AUTHORIZATION)) > 0) {
		memset(&probe, 0, sizeof(probe));
		probe.d = d;
		if (n >= (int)sizeof(auth) || lws_hdr_copy(wsi, auth,
		    sizeof(auth), WSI_TOKEN_HTTP_AUTHORIZATION) < 0 ||
		    strncasecmp(auth, "Bearer ", 7) != 0 ||
		    conversation_auth(&probe, auth + 7) == -1)
			r = REFUSE_API_KEY;
	}
	if (r == 0)
		return 0;
	http_refusal(d, wsi, ip, r, uri[0] ? uri : "(no path)");
	return 1;
}

static int
http_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user,
    void *in, size_t len)
{
	struct daemon *d = lws_context_user(lws_get_context(wsi));
	struct http_pss *hp = user;
	const char *ctype;
	int status;

	switch (reason) {
	/* WebSocket clients that named no subprotocol land here */
	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
	case LWS_CALLBACK_ESTABLISHED:
	case LWS_CALLBACK_RECEIVE:
	case LWS_CALLBACK_RECEIVE_PONG:
	case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
	case LWS_CALLBACK_WS_SERVER_DROP_PROTOCOL:
	case LWS_CALLBACK_SERVER_WRITEABLE:
	case LWS_CALLBACK_CLOSED:
		return ws_callback(wsi, reason, user, in, len);

	case LWS_CALLBACK_FILTER_NETWORK_CONNECTION: {
		char ip[64];

		lws_get_peer_simple_fd((lws_sockfd_type)(intptr_t)in, ip,
		    sizeof(ip));
		if (peers_admit(d, ip, proxy_trusted(d, ip)) == -1) {
			d->metrics.rejected_connections++;
			d->metrics.refused[REFUSE_CLOSED]++;
			return 1;	/* lws closes the socket */
		}
		break;
	}
	case LWS_CALLBACK_HTTP_CONFIRM_UPGRADE:
		/* never look at `in` here: see lws pitfalls in the notes */
		return http_confirm_upgrade(d, wsi);
	case LWS_CALLBACK_FILTER_HTTP_CONNECTION: {
		char ip[64];
		int r;

		proxy_client(d, wsi, ip, sizeof(ip));
		r = proxy_trusted(d, ip) ? peers_refusal(d, wsi) :
		    peers_rebind(d, wsi, ip);
		if (r != 0 && in != NULL && !http_is_probe((const char *)in)) {
			http_refusal(d, wsi, ip, r, (const char *)in);
			return 1;
		}
		/* every request, probes and static files too */
		if (!hostcheck_request(d, wsi)) {
			http_refusal(d, wsi, ip, REFUSE_HOST, in != NULL ?
			    (const char *)in : "(no path)");
			return 1;
		}
		if ((r = http_check_request(wsi, in)) != 0) {
			http_refusal(d, wsi, ip, r, in != NULL ?
			    (const char *)in : "(no path)");
			return 1;
		}
		break;
	}
	case LWS_CALLBACK_WSI_CREATE:
		peers_created(d, wsi);
		break;
	case LWS_CALLBACK_WSI_DESTROY:
		peers_destroyed(d, wsi);
		break;

	case LWS_CALLBACK_HTTP: {
		char uri[256];
		int post = 0;

		(void)in;
		if (lws_hdr_copy(wsi, uri, sizeof(uri), WSI_TOKEN_HEAD_URI) > 0) {
			/* HEAD: GET's status and headers, no body (RFC 9110) */
			hp->body = http_endpoint(d, wsi, uri, &status, &ctype,
			    &hp->len);
			if (hp->body == NULL)
				return -1;
			hp->head = 1;
			return http_headers(wsi, hp, status, ctype, 0);
		}
		if (lws_hdr_copy(wsi, uri, sizeof(uri), WSI_TOKEN_GET_URI) <= 0) {
			/* a POST: only httpapi.c's endpoints take one */
			if (lws_hdr_copy(wsi, uri, sizeof(uri),
			    WSI_TOKEN_POST_URI) <= 0 || !http_is_api(uri))
				return -1;
			post = 1;
		}
		if (http_is_api(uri))
			return httpapi_begin(d, wsi, &hp->api, uri, post);
		hp->body = http_endpoint(d, wsi, uri, &status, &ctype,
		    &hp->len);
		if (hp->body == NULL)
			return -1;
		return http_headers(wsi, hp, status, ctype, 0);
	}

	case LWS_CALLBACK_HTTP_BODY:
		if (hp != NULL && hp->api != NULL)
			return httpapi_body(hp->api, in, len);
		return 0;
	case LWS_CALLBACK_HTTP_BODY_COMPLETION:
		if (hp != NULL && hp->api != NULL)
			httpapi_body_done(hp->api);
		return 0;
	case LWS_CALLBACK_TIMER:
		/* a POST's body is late (httpapi_timeout) */
		if (hp != NULL && hp->api != NULL)
			httpapi_timeout(hp->api);
		return 0;

	case LWS_CALLBACK_HTTP_WRITEABLE:
		if (hp != NULL && hp->api != NULL && hp->body == NULL) {
			/* a POST endpoint's answer, once it has one */
			if (!httpapi_ready(hp->api))
				return 0;
			hp->body = hp->api->out;
			hp->len = hp->api->outlen;
			hp->close = hp->api->close;
			hp->api->out = NULL;
			return http_headers(wsi, hp, hp->api->status,
			    hp->api->rtype, hp->api->retry_after);
		}
		if (hp == NULL || hp->body == NULL)
			break;
		if (hp->head) {
			/* the headers said the length; the body is not sent */
			hp->head = 0;
			free(hp->body);
			hp->body = NULL;
			if (lws_http_transaction_completed(wsi))
				return -1;
			return 0;
		}
		{
			size_t chunk = hp->len - hp->off > 4096 ? 4096 :
			    hp->len - hp->off;
			int final = hp->off + chunk == hp->len;
			unsigned char *buf = malloc(LWS_PRE + chunk);
			int n;

			if (buf == NULL)
				return -1;
			memcpy(buf + LWS_PRE, hp->body + hp->off, chunk);
			n = lws_write(wsi, buf + LWS_PRE, chunk, final ?
			    LWS_WRITE_HTTP_FINAL : LWS_WRITE_HTTP);
			free(buf);
			if (n < (int)chunk)
				return -1;
			hp->off += chunk;
			if (!final) {
				lws_callback_on_writable(wsi);
				return 0;
			}
			free(hp->body);
			hp->body = NULL;
		}
		httpapi_free(hp->api);
		hp->api = NULL;
		if (hp->close) {
			hp->close = 0;
			return -1;
		}
		if (lws_http_transaction_completed(wsi))
			return -1;
		return 0;

	case LWS_CALLBACK_CLOSED_HTTP:
	case LWS_CALLBACK_HTTP_DROP_PROTOCOL:
		if (hp != NULL) {
			free(hp->body);
			hp->body = NULL;
			httpapi_free(hp->api);
			hp->api = NULL;
		}
		break;

	default:
		break;
	}
	return lws_callback_http_dummy(wsi, reason, user, in, len);
}

/* Its sessions are HTTP transactions or WebSocket connections. */
union http_or_ws {
	struct http_pss	h;
	struct conn	c;
};

const struct lws_protocols http_protocol = {
	/* its WebSocket connections send as ws.c's do (WS_TX_PACKET) */
	"http", http_callback, sizeof(union http_or_ws), 1024, 0, NULL,
	64 * 1024
};
