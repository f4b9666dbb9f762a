// identity.cc: base32 and the key identity of TLS-PKI-1.
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <array>
#include <cstdint>
#include <cstdlib>

#include "degu/tls/openssl_ptr.h"
#include "degu/tls/pki.h"
#include "openssl_error.h"

namespace degu::tls {

std::string base32(std::span<const unsigned char> bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  std::uint32_t buffer = 0;  // Bits not yet written, in the low `bits`.
  int bits = 0;
  for (const unsigned char byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += kAlphabet[(buffer >> bits) & 31u];
    }
  }
  if (bits > 0) {
    out += kAlphabet[(buffer << (5 - bits)) & 31u];
  }
  return out;
}

std::string identity_of_pem(std::string_view public_key_pem) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(public_key_pem.data(), public_key_pem.size(), digest.data(),
                 &size, EVP_sha512(), nullptr) != 1 ||
      size != 64) {
    std::abort();  // SHA-512 of a buffer cannot fail: a broken OpenSSL.
  }
  return base32(std::span<const unsigned char>(digest.data(), 30));
}

Result<std::string> public_key_pem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1) {
    return Error::of(Errc::pki,
                     detail::with_reason("cannot write a public key as PEM"));
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

Result<std::string> key_identity(EVP_PKEY* key) {
  auto pem = public_key_pem(key);
  if (!pem.ok()) {
    return pem.error();
  }
  return identity_of_pem(*pem);
}

bool is_valid_key_bits(int bits) {
  return bits == 1024 || bits == 2048 || bits == 3072 || bits == 4096;
}

}  // namespace degu::tls
