/*
 * proto.c: the advisor.v1 message codec.
 */
#include "proto.h"

const char *
proto_name(void)
{
	return PROTO_NAME;
}
