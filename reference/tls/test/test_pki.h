// test_pki.h: the test PKI every test of this binary shares.
#pragma once

#include "degu/tls/pki.h"

namespace degu::tls::test {

// shared_pki: the PKI in $DEGU_TLS_TEST_PKI (made by the ctest fixture with
// `degu-pki DIR --bits 2048`), or else one made on first use with
// 2048-bit keys in a temporary directory that is removed at exit.  Aborts
// with a message when neither works.
const TestPki& shared_pki();

}  // namespace degu::tls::test
