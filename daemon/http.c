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
 *
 * A dynamic response is built whole in LWS_CALLBACK_HTTP (they are small),
 * its headers written there, and its body from the WRITEABLE callback that
 * follows, as lws wants.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advisord.h"

struct http_pss {
	char	*body;
	size_t	 len;
	size_t	 off;
};

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
 * Build the response for uri.  Sets *status and *ctype; returns a malloc'd
 * body of *lenp bytes, or NULL on allocation failure.
 */
static char *
http_endpoint(struct daemon *d, const char *uri, int *status,
    const char **ctype, size_t *lenp)
{
	const struct kb *kb = d->kb->kb;
	const char *pub;

	*ctype = "text/plain; charset=utf-8";
	*status = HTTP_STATUS_OK;
	if (strcmp(uri, "/healthz") == 0)
		return dupf(lenp, "ok\n");
	if (strcmp(uri, "/readyz") == 0) {
		*ctype = "application/json";
		if (d->draining)
			*status = HTTP_STATUS_SERVICE_UNAVAILABLE;
		return dupf(lenp, "{\"status\":\"%s\",\"kb\":{\"id\":\"%s\","
		    "\"hash\":\"%s\",\"claims\":%zu},\"conversations\":%zu,"
		    "\"version\":\"%s\"}\n", d->draining ? "draining" : "ready",
		    kb->id, kb->hash_hex, kb->nclaims, d->nconversations,
		    ADVISORD_VERSION);
	}
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

/*
 * Answer status with a one-line body and "Connection: close" before the
 * caller has lws close the connection (so a client does not send its next
 * request on it).
 */
static void
http_refuse(struct lws *wsi, int status, const char *body)
{
	unsigned char buf[LWS_PRE + 1024], *start = buf + LWS_PRE, *p = start,
	    *end = buf + sizeof(buf) - 1;
	size_t len = strlen(body);

	if (lws_add_http_common_headers(wsi, (unsigned int)status,
	    "text/plain; charset=utf-8", len, &p, end) ||
	    lws_add_http_header_by_token(wsi, WSI_TOKEN_CONNECTION,
	    (const unsigned char *)"close", 5, &p, end) ||
	    lws_finalize_http_header(wsi, &p, end) ||
	    (size_t)(end - p) < len)
		return;
	memcpy(p, body, len);
	p += len;
	(void)lws_write(wsi, start, (size_t)(p - start), LWS_WRITE_HTTP_FINAL);
}

static int
http_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user,
    void *in, size_t len)
{
	struct daemon *d = lws_context_user(lws_get_context(wsi));
	struct http_pss *hp = user;
	unsigned char hdr[LWS_PRE + 1024], *start = hdr + LWS_PRE, *p = start,
	    *end = hdr + sizeof(hdr) - 1;
	const char *ctype;
	int status;

	switch (reason) {
	/* WebSocket clients that named no subprotocol land here */
	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
	case LWS_CALLBACK_ESTABLISHED:
	case LWS_CALLBACK_RECEIVE:
	case LWS_CALLBACK_SERVER_WRITEABLE:
	case LWS_CALLBACK_CLOSED:
		return ws_callback(wsi, reason, user, in, len);

	case LWS_CALLBACK_FILTER_NETWORK_CONNECTION: {
		char ip[64];

		lws_get_peer_simple_fd((lws_sockfd_type)(intptr_t)in, ip,
		    sizeof(ip));
		if (peers_admit(d, ip) == -1) {
			d->metrics.rejected_connections++;
			return 1;	/* lws closes the socket */
		}
		break;
	}
	case LWS_CALLBACK_FILTER_HTTP_CONNECTION: {
		/* every request, static files too: DNS rebinding */
		char host[256];
		int hn = lws_hdr_total_length(wsi, WSI_TOKEN_HOST);

		if (hn >= (int)sizeof(host) || (hn > 0 && lws_hdr_copy(wsi,
		    host, sizeof(host), WSI_TOKEN_HOST) < 0) ||
		    !hostcheck_host(d->conf, hn > 0 ? host : NULL)) {
			d->metrics.rejected_connections++;
			log_info("refused a request for Host '%s': not an "
			    "allowed_host", hn > 0 && hn < (int)sizeof(host) ?
			    host : "(too long)");
			http_refuse(wsi, HTTP_STATUS_FORBIDDEN, "403 Forbidden: "
			    "this Host is not served (allowed_host)\n");
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
		char uri[128];

		(void)in;
		if (lws_hdr_copy(wsi, uri, sizeof(uri), WSI_TOKEN_GET_URI) <= 0)
			return -1;
		hp->body = http_endpoint(d, uri, &status, &ctype, &hp->len);
		hp->off = 0;
		if (hp->body == NULL)
			return -1;
		if (lws_add_http_common_headers(wsi, (unsigned int)status,
		    ctype, hp->len, &p, end))
			return 1;
		if (lws_add_http_header_by_token(wsi,
		    WSI_TOKEN_HTTP_CACHE_CONTROL, (unsigned char *)"no-store",
		    8, &p, end))
			return 1;
		if (lws_finalize_write_http_header(wsi, start, &p, end))
			return 1;
		lws_callback_on_writable(wsi);
		return 0;
	}

	case LWS_CALLBACK_HTTP_WRITEABLE:
		if (hp == NULL || hp->body == NULL)
			break;
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
		if (lws_http_transaction_completed(wsi))
			return -1;
		return 0;

	case LWS_CALLBACK_CLOSED_HTTP:
	case LWS_CALLBACK_HTTP_DROP_PROTOCOL:
		if (hp != NULL) {
			free(hp->body);
			hp->body = NULL;
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
	"http", http_callback, sizeof(union http_or_ws), 1024, 0, NULL, 0
};
