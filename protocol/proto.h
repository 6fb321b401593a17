/*
 * proto.h: the advisor.v1 wire format, shared by the daemon and clients.
 */
#ifndef PROTO_H
#define PROTO_H

#define PROTO_NAME	"advisor.v1"
#define PROTO_VERSION	1

const char	*proto_name(void);

#endif
