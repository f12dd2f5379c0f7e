#include "prelude.hpp"

#include <pybind11/native_enum.h>

#include "ticketcore/ticketcore.hpp"

namespace ticketcore::bindings {

void register_staff(py::module_& m) {
    py::native_enum<PosReaderStatus>(m, "PosReaderStatus", "enum.Enum",
                                     "A POS reader's status (seed 001): only an ACTIVE reader takes a payment.")
        .value("ACTIVE", PosReaderStatus::Active)
        .value("INACTIVE", PosReaderStatus::Inactive)
        .value("DISCONNECTED", PosReaderStatus::Disconnected)
        .finalize();

    py::class_<PosReader> reader(m, "PosReader", "A POS card reader of the organization (seed 001's posReaders).");
    reader.def_readonly("id", &PosReader::id)
        .def_readonly("label", &PosReader::label)
        .def_readonly("status", &PosReader::status)
        .def_readonly("created", &PosReader::created);
    add_value_dunders(reader);

    py::class_<User> user(m, "User",
                          "A staff user of the organization (seed 001's User): an actor id with a name and the "
                          "POS reader assigned to them.");
    user.def_readonly("id", &User::id)
        .def_readonly("name", &User::name)
        .def_readonly("pos_reader", &User::pos_reader)
        .def_readonly("created", &User::created);
    add_value_dunders(user);

    add_page_class<User>(m, "UserPage", "A page of the organization's staff users, in registration order.");
    add_page_class<PosReader>(m, "PosReaderPage", "A page of the organization's POS readers, in creation order.");

    py::class_<Staff>(m, "Staff", "Staff users and POS readers of the actor's organization.")
        .def("add_user", &Staff::add_user, named_args(), py::arg("user_id"), py::arg("name"), py::kw_only(),
             py::arg("pos_reader_id") = py::none(), py::arg("idempotency_key") = py::none(), release_gil())
        .def("rename_user", &Staff::rename_user, named_args(), py::arg("user_id"), py::arg("name"), release_gil())
        .def("assign_pos_reader", &Staff::assign_pos_reader, named_args(), py::arg("user_id"),
             py::arg("reader_id").none(true), release_gil())
        .def("user", &Staff::user, named_args(), py::arg("user_id"), release_gil())
        .def(
            "users",
            [](const Staff& self, Int64 first, std::optional<std::string> after) {
                const PageRequest page{first.value, std::move(after)};
                GilRelease release;
                return self.users(page);
            },
            named_args(), py::kw_only(), py::arg("first") = Int64{default_page_size}, py::arg("after") = py::none())
        .def("add_pos_reader", &Staff::add_pos_reader, named_args(), py::arg("label"), py::kw_only(),
             py::arg("status") = PosReaderStatus::Active, py::arg("idempotency_key") = py::none(), release_gil())
        .def("set_pos_reader_status", &Staff::set_pos_reader_status, named_args(), py::arg("reader_id"),
             py::arg("status"), release_gil())
        .def("rename_pos_reader", &Staff::rename_pos_reader, named_args(), py::arg("reader_id"), py::arg("label"),
             release_gil())
        .def("pos_reader", &Staff::pos_reader, named_args(), py::arg("reader_id"), release_gil())
        .def(
            "pos_readers",
            [](const Staff& self, Int64 first, std::optional<std::string> after) {
                const PageRequest page{first.value, std::move(after)};
                GilRelease release;
                return self.pos_readers(page);
            },
            named_args(), py::kw_only(), py::arg("first") = Int64{default_page_size}, py::arg("after") = py::none());
}

}  // namespace ticketcore::bindings
