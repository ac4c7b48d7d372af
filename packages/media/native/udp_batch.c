// Batched UDP for the media worker (Node-API, C). Linux only (recvmmsg).
//
// Node's dgram gives every received datagram its own ArrayBuffer, Buffer, address object and callback, and
// every send a closure, a request object and a trip through the event loop. At 40 six-party calls that is
// 24,000 datagrams a second through one worker, and the largest share of its time. This module moves a whole
// frame's worth in one call each way:
//   receive(fds, nfds, data, meta) drains every listed socket (non-blocking recvmmsg) into one caller-owned
//     buffer, one SLOT bytes per datagram, and describes each datagram in `meta`;
//   send(data, meta, count) sends packets laid out the same way, each to its own socket and address.
// It owns no sockets: the fds are libuv's (a dgram socket whose reading the caller has stopped), and it keeps
// no state between calls, so it is safe in every worker thread at once.
//
// meta, per datagram, META int32s: fd index (receive) or fd (send), offset in data, length, port,
//   family (4 or 6), then the address's 4 or 16 bytes as they lie in memory (network order).
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <node_api.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#define META 9
#define SLOT 2048
#define BATCH 32

typedef struct {
  void *data;
  size_t length;
} view_t;

static int typed_view(napi_env env, napi_value value, napi_typedarray_type want, view_t *out) {
  napi_typedarray_type type;
  size_t length;
  void *data;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, value, &type, &length, &data, &buffer, &offset) != napi_ok || type != want) {
    napi_throw_type_error(env, NULL, want == napi_int32_array ? "expected an Int32Array" : "expected a Uint8Array");
    return 0;
  }
  out->data = data;
  out->length = length;
  return 1;
}

static int get_args(napi_env env, napi_callback_info info, size_t want, napi_value *argv) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < want) {
    napi_throw_type_error(env, NULL, "missing arguments");
    return 0;
  }
  return 1;
}

static napi_value number(napi_env env, double n) {
  napi_value v;
  napi_create_double(env, n, &v);
  return v;
}

static void put_address(int32_t *m, const struct sockaddr_storage *from) {
  if (from->ss_family == AF_INET6) {
    const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)from;
    m[3] = ntohs(a->sin6_port);
    m[4] = 6;
    memcpy(&m[5], &a->sin6_addr, 16);
  } else {
    const struct sockaddr_in *a = (const struct sockaddr_in *)from;
    m[3] = ntohs(a->sin_port);
    m[4] = 4;
    memcpy(&m[5], &a->sin_addr, 4);
    m[6] = m[7] = m[8] = 0;
  }
}

// receive(fds: Int32Array, nfds: number, data: Uint8Array, meta: Int32Array) -> datagrams read.
// Reads until every socket would block or `data`/`meta` is full (then the count equals their capacity and
// the caller should call again). A negative fd is skipped. A datagram longer than SLOT is dropped.
static napi_value receive(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!get_args(env, info, 4, argv)) return NULL;
  view_t fds, data, meta;
  int32_t nfds;
  if (!typed_view(env, argv[0], napi_int32_array, &fds)) return NULL;
  if (napi_get_value_int32(env, argv[1], &nfds) != napi_ok || nfds < 0 || (size_t)nfds > fds.length) {
    napi_throw_range_error(env, NULL, "nfds is out of range");
    return NULL;
  }
  if (!typed_view(env, argv[2], napi_uint8_array, &data)) return NULL;
  if (!typed_view(env, argv[3], napi_int32_array, &meta)) return NULL;
  size_t capacity = data.length / SLOT;
  if (meta.length / META < capacity) capacity = meta.length / META;

  const int32_t *fd_list = fds.data;
  uint8_t *bytes = data.data;
  int32_t *m = meta.data;
  struct mmsghdr msgs[BATCH];
  struct iovec iov[BATCH];
  struct sockaddr_storage from[BATCH];
  size_t n = 0;
  for (int32_t i = 0; i < nfds && n < capacity; i++) {
    int fd = fd_list[i];
    if (fd < 0) continue;
    for (;;) {
      size_t room = capacity - n;
      unsigned int k = room < BATCH ? (unsigned int)room : BATCH;
      if (k == 0) break;
      for (unsigned int j = 0; j < k; j++) {
        iov[j].iov_base = bytes + (n + j) * SLOT;
        iov[j].iov_len = SLOT;
        memset(&msgs[j].msg_hdr, 0, sizeof msgs[j].msg_hdr);
        msgs[j].msg_hdr.msg_iov = &iov[j];
        msgs[j].msg_hdr.msg_iovlen = 1;
        msgs[j].msg_hdr.msg_name = &from[j];
        msgs[j].msg_hdr.msg_namelen = sizeof from[j];
      }
      int r = recvmmsg(fd, msgs, k, MSG_DONTWAIT, NULL);
      if (r < 0) {
        if (errno == EINTR) continue;
        break; // EAGAIN (drained), or an error such as ECONNREFUSED from an ICMP message: the next call reads on
      }
      // Keep the good ones, packed to the front of this call's slots.
      size_t kept = 0;
      for (int j = 0; j < r; j++) {
        if (msgs[j].msg_hdr.msg_flags & MSG_TRUNC) continue;
        size_t slot = n + kept;
        if (kept != (size_t)j) memmove(bytes + slot * SLOT, bytes + (n + j) * SLOT, msgs[j].msg_len);
        int32_t *row = m + slot * META;
        row[0] = i;
        row[1] = (int32_t)(slot * SLOT);
        row[2] = (int32_t)msgs[j].msg_len;
        put_address(row, &from[j]);
        kept++;
      }
      n += kept;
      if ((unsigned int)r < k) break; // drained
    }
  }
  return number(env, (double)n);
}

// send(data: Uint8Array, meta: Int32Array, count: number) -> packets not sent (the socket's buffer was full,
// or an error such as an ICMP port unreachable reported on this socket). Never blocks.
static napi_value send_all(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (!get_args(env, info, 3, argv)) return NULL;
  view_t data, meta;
  int32_t count;
  if (!typed_view(env, argv[0], napi_uint8_array, &data)) return NULL;
  if (!typed_view(env, argv[1], napi_int32_array, &meta)) return NULL;
  if (napi_get_value_int32(env, argv[2], &count) != napi_ok || count < 0 || (size_t)count > meta.length / META) {
    napi_throw_range_error(env, NULL, "count is out of range");
    return NULL;
  }
  const uint8_t *bytes = data.data;
  const int32_t *m = meta.data;
  int failed = 0;
  for (int32_t i = 0; i < count; i++) {
    const int32_t *row = m + (size_t)i * META;
    size_t offset = (size_t)row[1], length = (size_t)row[2];
    if (row[0] < 0 || row[1] < 0 || row[2] < 0 || offset + length > data.length) { failed++; continue; }
    struct sockaddr_storage to;
    socklen_t to_length;
    memset(&to, 0, sizeof to);
    if (row[4] == 6) {
      struct sockaddr_in6 *a = (struct sockaddr_in6 *)&to;
      a->sin6_family = AF_INET6;
      a->sin6_port = htons((uint16_t)row[3]);
      memcpy(&a->sin6_addr, &row[5], 16);
      to_length = sizeof *a;
    } else {
      struct sockaddr_in *a = (struct sockaddr_in *)&to;
      a->sin_family = AF_INET;
      a->sin_port = htons((uint16_t)row[3]);
      memcpy(&a->sin_addr, &row[5], 4);
      to_length = sizeof *a;
    }
    ssize_t r;
    do r = sendto(row[0], bytes + offset, length, MSG_DONTWAIT, (struct sockaddr *)&to, to_length);
    while (r < 0 && errno == EINTR);
    if (r < 0) failed++;
  }
  return number(env, failed);
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "receive", NAPI_AUTO_LENGTH, receive, NULL, &fn);
  napi_set_named_property(env, exports, "receive", fn);
  napi_create_function(env, "send", NAPI_AUTO_LENGTH, send_all, NULL, &fn);
  napi_set_named_property(env, exports, "send", fn);
  napi_set_named_property(env, exports, "META", number(env, META));
  napi_set_named_property(env, exports, "SLOT", number(env, SLOT));
  return exports;
}
