#pragma once
// Archive files read back with Avro C (Debian's libavro: an implementation independent of the
// archiver's writer), for the archiver's integration tests.
#include <avro.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>

namespace causeway::testing {

// Calls `visit` with every datum of the file at `path`; returns how many, or -1 (and fails the
// test) when Avro C refuses the file.
inline int64_t ReadAvroFile(const std::string& path,
                            const std::function<void(avro_value_t*)>& visit) {
  avro_file_reader_t reader;
  if (avro_file_reader(path.c_str(), &reader) != 0) {
    ADD_FAILURE() << "Avro C refused " << path << ": " << avro_strerror();
    return -1;
  }
  avro_value_iface_t* iface =
      avro_generic_class_from_schema(avro_file_reader_get_writer_schema(reader));
  avro_value_t value;
  avro_generic_value_new(iface, &value);
  int64_t count = 0;
  while (avro_file_reader_read_value(reader, &value) == 0) {
    visit(&value);
    ++count;
    avro_value_reset(&value);
  }
  avro_value_decref(&value);
  avro_value_iface_decref(iface);
  avro_file_reader_close(reader);
  return count;
}

}  // namespace causeway::testing
