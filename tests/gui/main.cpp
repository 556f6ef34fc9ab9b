// The GUI tests run under GoogleTest with one QApplication for the whole process. They never open a window on
// the user's screen: the offscreen platform is used unless QT_QPA_PLATFORM says otherwise. Warnings from
// QAbstractItemModelTester become test failures.

#include <cstring>

#include <QApplication>
#include <QCoreApplication>
#include <gtest/gtest.h>

namespace {

void messageHandler(QtMsgType type, const QMessageLogContext& context, const QString& message) {
  if (context.category && std::strcmp(context.category, "qt.modeltest") == 0 && type >= QtWarningMsg)
    ADD_FAILURE() << "QAbstractItemModelTester: " << message.toStdString();
  else if (type >= QtCriticalMsg)
    fprintf(stderr, "%s\n", qPrintable(message));
}

}  // namespace

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  ::testing::InitGoogleTest(&argc, argv);
  QApplication app(argc, argv);
  // Settings (recent files, window geometry) go to a private place, not the user's.
  QCoreApplication::setOrganizationName(QStringLiteral("chaossim-tests"));
  QCoreApplication::setApplicationName(QStringLiteral("gui_test"));
  qInstallMessageHandler(messageHandler);
  return RUN_ALL_TESTS();
}
