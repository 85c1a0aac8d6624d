// Every error code of the Planfix XML API with its documented meaning, in English and Russian
// (https://planfix.com/help/Error_codes_XML_API_v1). Codes are strings: leading zeros matter and
// some codes have five digits.
import type { ApiErrorKind } from '../../core/errors.js';

export interface PlanfixCodeInfo {
  en: string;
  ru: string;
  /** Which error class the code becomes. */
  kind: ApiErrorKind;
}

const c = (kind: ApiErrorKind, en: string, ru: string): PlanfixCodeInfo => ({ kind, en, ru });

/** The data centres' XML endpoints, for the 0024 hint and the docs. */
export const planfixEndpoints = {
  europe: 'https://api.planfix.com/xml/',
  asia: 'https://api-sg.planfix.com/xml/',
  america: 'https://api-us.planfix.com/xml/',
  legacy: 'https://api.planfix.ru/xml/',
  legacyRussia: 'https://apiru.planfix.ru/xml/',
} as const;

export const planfixErrorCodes: Record<string, PlanfixCodeInfo> = {
  // General
  '0001': c('auth', 'wrong API key', 'неверный API Key'),
  '0002': c('permission', 'the application is blocked', 'приложение заблокировано'),
  '0003': c('other', 'XML parse error: the request is not valid XML', 'ошибка разбора XML: запрос не является корректным XML'),
  '0004': c('auth', 'unknown account: check the account name', 'неизвестный аккаунт: проверьте имя аккаунта'),
  '0005': c('auth', 'the session key (sid) is invalid or has expired: log in again', 'ключ сессии (sid) недействителен или истёк: выполните вход заново'),
  '0006': c('auth', 'wrong request signature: check the signature key', 'неверная подпись запроса: проверьте ключ подписи'),
  '0007': c(
    'rate-limit',
    'the daily request limit of the account is spent (20,000 / 50,000 / 100,000 by plan); wait for the next day',
    'исчерпан суточный лимит запросов аккаунта (20 000 / 50 000 / 100 000 по тарифу); дождитесь следующих суток',
  ),
  '0008': c('not-found', 'unknown function (method name not recognised)', 'имя функции не распознано'),
  '0009': c('other', 'a required parameter of the function is missing', 'не указан один из обязательных параметров функции'),
  '0010': c('permission', 'the account is frozen', 'аккаунт заморожен'),
  '0011': c('server', 'the account platform is being updated (maintenance); try later', 'на платформе аккаунта идёт обновление; повторите позже'),
  '0012': c(
    'auth',
    'authentication error: no session (sid not sent) with login auth, or the token does not exist with token auth',
    'ошибка аутентификации: нет сессии (не передан sid) при входе по логину или переданный токен не существует',
  ),
  '0013': c('auth', 'undefined user', 'неопределённый пользователь'),
  '0014': c('auth', 'the user is inactive', 'пользователь неактивен'),
  '0015': c('other', 'invalid parameter value', 'неверное значение параметра'),
  '0016': c('other', 'the parameter cannot take this value in this context', 'в данном контексте параметр не может принимать это значение'),
  '0017': c('other', 'a dependent parameter has no value', 'не указано значение зависимого параметра'),
  '0018': c('other', 'the function (or functionality) is not implemented', 'функция или функциональность не реализована'),
  '0019': c('other', 'the given parameters conflict with each other', 'указанные параметры конфликтуют между собой'),
  '0020': c('permission', 'not allowed to call this function', 'нет прав на выполнение этой функции'),
  '0021': c('other', 'more objects requested than the function allows (lists: at most 100)', 'запрошено больше объектов, чем допускает функция (списки: не более 100)'),
  '0022': c('permission', 'the API is not available on free accounts', 'API недоступен на бесплатных аккаунтах'),
  '0023': c('permission', 'not possible on the account\'s plan', 'действие невозможно на текущем тарифе аккаунта'),
  '0024': c(
    'auth',
    'the account lives in another data centre: set the XML endpoint to your account\'s one',
    'аккаунт находится в другом дата-центре: укажите адрес XML API вашего аккаунта',
  ),
  '0101': c('not-found', 'the requested object does not exist', 'запрошенный объект не существует'),
  '0102': c('other', 'error adding the object', 'ошибка добавления объекта'),
  '0103': c('other', 'error updating the object', 'ошибка обновления объекта'),
  '0104': c('permission', 'access to the data is denied', 'доступ к данным запрещён'),
  '0105': c('permission', 'no right to edit the object', 'нет прав на изменение объекта'),
  // Authentication
  '1001': c('auth', 'wrong login or password', 'неверный логин или пароль'),
  '1002': c('permission', 'no rights to carry out the request', 'нет прав на выполнение запроса'),
  // Projects
  '2001': c('not-found', 'the project does not exist', 'запрошенный проект не существует'),
  '2002': c('permission', 'no rights for this request on the project', 'нет прав на выполнение запроса к проекту'),
  '2003': c('other', 'error adding the project', 'ошибка добавления проекта'),
  // Tasks
  '3001': c('not-found', 'the task (or another requested object) does not exist', 'задача (или другой запрошенный объект) не существует'),
  '3002': c('permission', 'no access to the parent task', 'нет доступа к надзадаче'),
  '3003': c('not-found', 'the project of the task does not exist', 'проект, в рамках которого создаётся задача, не существует'),
  '3004': c('permission', 'the project of the task is not accessible', 'проект, в рамках которого создаётся задача, недоступен'),
  '3005': c('other', 'error adding the task', 'ошибка добавления задачи'),
  '3006': c('other', 'the start time is later than the end time', 'время «Приступить к работе» позже времени «Закончить работу до»'),
  '3007': c(
    'other',
    'undefined periodicity: conflicting periodicity nodes, or none given',
    'неопределённая периодичность: заданы конфликтующие узлы или не задан ни один',
  ),
  '3008': c('permission', 'no access to the task', 'нет доступа к задаче'),
  '3009': c('permission', 'no right to change the task', 'нет прав на изменение данных задачи'),
  '3010': c('other', 'the task cannot be rejected (probably already accepted by this user)', 'задачу нельзя отклонить (вероятно, она уже принята этим пользователем)'),
  '3011': c('other', 'the task cannot be accepted (probably already accepted by this user)', 'задачу нельзя принять (вероятно, она уже принята этим пользователем)'),
  '3012': c('permission', 'the caller is not an assignee of the task', 'пользователь, выполняющий запрос, не является исполнителем задачи'),
  '3013': c('other', 'the task is not accepted (this function needs an accepted task)', 'задача не принята (для этой функции задача должна быть принята)'),
  '3014': c(
    'other',
    'the task is being changed (by a scenario or another API request); repeat a little later',
    'задача в процессе изменения (сценарием или другим запросом API); повторите запрос позже',
  ),
  // Actions
  '4001': c('permission', 'no rights for this request (actions)', 'нет прав на выполнение запроса (действия)'),
  '4002': c('not-found', 'the action does not exist', 'действие не существует'),
  '4003': c('other', 'error adding the action', 'ошибка добавления действия'),
  '4004': c('other', 'error updating data', 'ошибка обновления данных'),
  '4005': c('other', 'error updating data', 'ошибка обновления данных'),
  '4006': c('other', 'changing to this status is not allowed', 'попытка изменить статус на недозволенный'),
  '4007': c('other', 'changing the status is not allowed in this action', 'в данном действии запрещено менять статус'),
  '4008': c('permission', 'no access to the comment or action', 'нет доступа к комментарию или действию'),
  '4009': c('permission', 'no access to the task', 'нет доступа к задаче'),
  '4010': c('not-found', 'the analytic does not exist', 'указанная аналитика не существует'),
  '4011': c('other', 'not all fields of the analytic were given', 'для аналитики переданы не все поля'),
  '4012': c('other', 'unknown parameter for the analytic', 'указан несуществующий параметр аналитики'),
  '4013': c('other', 'the data does not match the field type', 'переданные данные не соответствуют типу поля'),
  '4014': c('other', 'this handbook key cannot be used', 'указанный ключ справочника нельзя использовать'),
  '4015': c('not-found', 'the handbook key does not exist', 'указанный ключ справочника не существует'),
  '4016': c('other', 'the field data key does not belong to the analytic', 'ключ данных поля не принадлежит указанной аналитике'),
  // User groups
  '5001': c('not-found', 'the user group does not exist', 'группа пользователей не существует'),
  '5002': c('permission', 'no rights for this request (user groups)', 'нет прав на выполнение запроса (группы пользователей)'),
  '5003': c('other', 'error adding the user group', 'ошибка добавления группы'),
  // Employees
  '6001': c('permission', 'no rights for this request (employees)', 'нет прав на выполнение запроса (сотрудники)'),
  '6002': c('other', 'this e-mail is already in use', 'этот e-mail уже используется'),
  '6003': c('other', 'error adding the employee', 'ошибка добавления сотрудника'),
  '6004': c('not-found', 'the user does not exist', 'пользователь не существует'),
  '6005': c('other', 'error updating data', 'ошибка обновления данных'),
  '6006': c('not-found', 'the user group id does not exist', 'указан идентификатор несуществующей группы пользователей'),
  // Clients
  '7001': c('permission', 'no rights for this request (clients)', 'нет прав на выполнение запроса (контрагенты)'),
  '7002': c('not-found', 'the client does not exist', 'клиент не существует'),
  '7003': c('other', 'error adding the client', 'ошибка добавления клиента'),
  '7004': c('other', 'error updating data', 'ошибка обновления данных'),
  // Contacts
  '8001': c('permission', 'no rights for this request (contacts)', 'нет прав на выполнение запроса (контакты)'),
  '8002': c('not-found', 'the contact does not exist', 'контакт не существует'),
  '8003': c('other', 'error adding the contact', 'ошибка добавления контакта'),
  '8004': c('other', 'error updating data', 'ошибка обновления данных'),
  '8005': c('other', 'the contact has not activated Planfix access', 'контакт не активировал доступ в ПланФикс'),
  '8006': c('other', 'the contact has no Planfix access', 'контакту не предоставлен доступ в ПланФикс'),
  '8007': c('other', 'the login e-mail is not unique', 'e-mail, указанный для логина, не уникален'),
  '8008': c('other', 'cannot set a password for a contact without activated access', 'нельзя задать пароль контакту, не активировавшему доступ'),
  '8009': c('other', 'error updating the login data', 'ошибка обновления данных для входа'),
  '8010': c('other', 'invalid e-mail address', 'указан некорректный e-mail'),
  // Files
  '9001': c('permission', 'no rights for this request (files)', 'нет прав на выполнение запроса (файлы)'),
  '9002': c('not-found', 'the file does not exist', 'запрашиваемый файл не существует'),
  '9003': c('other', 'error uploading the file', 'ошибка загрузки файла'),
  '9004': c('other', 'an empty list of files was uploaded', 'попытка загрузить пустой список файлов'),
  '9005': c('other', 'invalid character in the file name', 'недопустимый символ в имени файла'),
  '9006': c('other', 'the file name is not unique', 'имя файла не уникально'),
  '9007': c('server', 'file system error', 'ошибка файловой системы'),
  '9008': c('other', 'a project file cannot be added for a project', 'нельзя добавить файл из проекта для проекта'),
  '9009': c('other', 'the file belongs to another project', 'файл, добавляемый к задаче, является файлом другого проекта'),
  // Analytics
  '10001': c('permission', 'no rights for this request (analytics)', 'нет прав на выполнение запроса (аналитика)'),
  '10002': c('not-found', 'the analytic does not exist', 'аналитика не существует'),
  '10003': c('not-found', 'the analytic group parameter does not exist', 'переданный параметр группы аналитики не существует'),
  '10004': c('not-found', 'the analytic handbook parameter does not exist', 'переданный параметр справочника аналитики не существует'),
};
