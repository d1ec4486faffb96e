#ifndef TANDEM_CXLSXWRITER_SHIM_H
#define TANDEM_CXLSXWRITER_SHIM_H
#include <xlsxwriter.h>
#endif
