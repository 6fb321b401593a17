/*
 * http.c: protocols[0], the plain HTTP side: the dynamic endpoints
 * (/healthz, ...) and the connection filter.  Static files are served by
 * lws itself from the "/" mount.
 *
 * A dynamic response is built whole in LWS_CALLBACK_HTTP (they are small),
 * its headers written there, and its body written from the WRITEABLE
 * callback that follows, as lws wants.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "advisord.h"

struct http_pss {
	char	*body;
	size_t	 len;
};

/*
 * Build the response for path, the part of the URL after the mount point
 * (mount origin tells which endpoint).  Sets *status and *ctype; returns a
 * malloc'd body the caller frees, or NULL on allocation failure.
 */
static char *
http_endpoint(struct daemon *d, const char *endpoint, int *status,
    const char **ctype)
{
	char *body = NULL;

	(void)d;
	*ctype = "text/plain; charset=utf-8";
	*status = HTTP_STATUS_OK;
	if (strcmp(endpoint, "healthz") == 0) {
		body = strdup("ok\n");
	} else {
		*status = HTTP_STATUS_NOT_FOUND;
		body = strdup("not found\n");
	}
	return body;
}

static int
http_callback(struct lws *wsi, enum lws_callback_reasons reason, void *user,
    void *in, size_t len)
{
	struct daemon *d = lws_context_user(lws_get_context(wsi));
	struct http_pss *hp = user;
	unsigned char hdr[LWS_PRE + 1024], *start = hdr + LWS_PRE, *p = start,
	    *end = hdr + sizeof(hdr) - 1;
	const char *ctype, *endpoint;
	int status;

	switch (reason) {
	case LWS_CALLBACK_FILTER_NETWORK_CONNECTION:
		if (d->draining)
			return 1;
		break;

	case LWS_CALLBACK_HTTP: {
		const struct lws_http_mount *m = NULL;
		char uri[128];

		(void)in;
		if (lws_hdr_copy(wsi, uri, sizeof(uri), WSI_TOKEN_GET_URI) <= 0)
			return -1;
		/* The mount's origin names the endpoint. */
		endpoint = strrchr(uri, '/');
		endpoint = endpoint ? endpoint + 1 : uri;
		(void)m;
		hp->body = http_endpoint(d, endpoint, &status, &ctype);
		if (hp->body == NULL)
			return -1;
		hp->len = strlen(hp->body);
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
			unsigned char *buf = malloc(LWS_PRE + hp->len);
			int n;

			if (buf == NULL)
				return -1;
			memcpy(buf + LWS_PRE, hp->body, hp->len);
			n = lws_write(wsi, buf + LWS_PRE, hp->len,
			    LWS_WRITE_HTTP_FINAL);
			free(buf);
			free(hp->body);
			hp->body = NULL;
			if (n < (int)hp->len)
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
		}
		break;

	default:
		break;
	}
	return lws_callback_http_dummy(wsi, reason, user, in, len);
}

const struct lws_protocols http_protocol = {
	"http", http_callback, sizeof(struct http_pss), 0, 0, NULL, 0
};
