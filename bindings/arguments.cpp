// Argument names for the casters' errors, text conversion, and the GIL helper's companions.
#include "prelude.hpp"

namespace ticketcore::bindings {

namespace {

/// What the casters of this thread may ask about the call being dispatched: the binding's record
/// (for the parameter names) and its argument objects. The pointers are compared, never followed,
/// so a record left from an earlier call only costs a less precise message.
struct CurrentCall {
    const py::detail::function_record* record = nullptr;
    std::vector<PyObject*> arguments;
    const char* field = nullptr;
};

CurrentCall& current_call() {
    thread_local CurrentCall call;
    return call;
}

}  // namespace

std::string argument_name(PyObject* argument) {
    const CurrentCall& call = current_call();
    if (call.field != nullptr) return call.field;
    if (call.record != nullptr) {
        for (std::size_t index = 0; index < call.arguments.size(); ++index) {
            if (call.arguments[index] == argument && index < call.record->args.size() &&
                call.record->args[index].name != nullptr) {
                return call.record->args[index].name;
            }
        }
    }
    return "value";
}

FieldScope::FieldScope(const char* field) : previous_(current_call().field) {
    current_call().field = field;
}

FieldScope::~FieldScope() {
    current_call().field = previous_;
}

std::string_view text_view_of(const py::handle& value, const std::string& field, std::size_t max_length) {
    // Count characters before encoding, so a huge str is refused without copying it.
    if (static_cast<std::size_t>(PyUnicode_GET_LENGTH(value.ptr())) > max_length) {
        throw fail::text_too_long(field, max_length);
    }
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(value.ptr(), &size);
    if (data == nullptr) {
        PyErr_Clear();  // UnicodeEncodeError: a lone surrogate has no UTF-8 form
        throw fail::text_not_unicode(field);
    }
    const std::string_view text(data, static_cast<std::size_t>(size));
    rules::require_text(text, field, max_length);
    return text;
}

}  // namespace ticketcore::bindings

namespace pybind11::detail {

void process_attribute<ticketcore::bindings::named_args>::precall(function_call& call) {
    auto& current = ticketcore::bindings::current_call();
    current.record = &call.func;
    current.field = nullptr;
    current.arguments.clear();
    for (std::size_t index = 0; index < call.args.size(); ++index) current.arguments.push_back(call.args[index].ptr());
}

}  // namespace pybind11::detail
