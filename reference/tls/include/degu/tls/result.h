// result.h: a value or a tls::Error, returned by every degu_tls function
// outside the Transport interface: io::Result with tls::Error.
#pragma once

#include "degu/io/result.h"
#include "degu/tls/error.h"

namespace degu::tls {

template <typename T>
using Result = io::Result<T, Error>;

}  // namespace degu::tls
