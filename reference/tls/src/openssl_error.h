// openssl_error.h: OpenSSL's error queue as text (internal to degu_tls).
#pragma once

#include <string>

namespace degu::tls::detail {

// take_openssl_errors: every error queued on this thread, oldest first, as
// ERR_error_string_n renders them, joined by "; " ("" when none).  The
// queue is empty afterwards.
std::string take_openssl_errors();

// with_reason: what, followed by ": " and the queued errors when there are
// any (the queue is emptied).
std::string with_reason(std::string what);

}  // namespace degu::tls::detail
